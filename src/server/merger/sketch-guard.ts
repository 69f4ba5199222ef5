// The merger's guard: a SketchEnvelope merges only when its bins mean what
// ours mean. sketch_version must be "1"; gamma must be 2^(2^-scale) for an
// integer scale the mapping supports (src/sketch/log-mapping.ts: 0 to 10),
// and the DDSketch message's own mapping, when it has one, must say the same
// gamma with indexOffset 0 and no interpolation; the bins must add up to
// the count. Anything else is refused with its reason: the merger keeps it
// aside (SketchStore.keepAside, queryable) and counts it, and never merges
// it (a sketch of another mapping merged bin for bin would be wrong without
// any error showing).
//
// gamma is compared with a relative tolerance of 1e-12: the agent and the
// receiver compute 2 ** (2 ** -scale) exactly as we do, but another
// producer may print and parse it (JSON); two neighbouring scales differ by
// a factor far above that (γ_s / γ_(s+1) − 1 ≥ 6.8e-4 at scale 10).

import { MAX_SCALE, MIN_SCALE } from '../../sketch/log-mapping.js';
import type { infrawatch } from '../../wire/generated/infrawatch.js';
import type { SketchParts } from './merged-sketch.js';

export const SUPPORTED_SKETCH_VERSION = '1';

/** Why an envelope was refused (the reason kept aside with it, and a /metrics label). */
export type RefusalReason = 'undecodable' | 'sketch-version' | 'scale' | 'gamma' | 'mapping' | 'counts' | 'window';

export type Guarded = { readonly ok: true; readonly parts: SketchParts; readonly windowStartMs: number } | { readonly ok: false; readonly reason: RefusalReason; readonly detail: string };

function refuse(reason: RefusalReason, detail: string): Guarded {
  return { ok: false, reason, detail };
}

const GAMMA_TOLERANCE = 1e-12;

function num(v: number | { toNumber(): number } | null | undefined): number {
  return v === null || v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber();
}

/** Checks a decoded envelope; its bins as SketchParts when it may merge. */
export function guardEnvelope(e: infrawatch.ISketchEnvelope): Guarded {
  const version = e.sketchVersion ?? '';
  if (version !== SUPPORTED_SKETCH_VERSION) return refuse('sketch-version', `sketch_version ${JSON.stringify(version.slice(0, 16))}: only "1" merges`);
  const scale = e.scale ?? 0;
  if (!Number.isInteger(scale) || scale < MIN_SCALE || scale > MAX_SCALE) return refuse('scale', `scale ${scale}: not an integer from ${MIN_SCALE} to ${MAX_SCALE}`);
  const gamma = e.gamma ?? 0;
  const expected = 2 ** (2 ** -scale);
  if (!(Math.abs(gamma / expected - 1) <= GAMMA_TOLERANCE)) return refuse('gamma', `gamma ${gamma} is not 2^(2^-${scale}) = ${expected}`);
  const h = e.histogram;
  const mapping = h?.mapping;
  if (mapping) {
    const mg = mapping.gamma ?? 0;
    if (mg !== 0 && !(Math.abs(mg / expected - 1) <= GAMMA_TOLERANCE)) return refuse('mapping', `histogram.mapping.gamma ${mg} differs from the envelope's scale ${scale}`);
    if ((mapping.indexOffset ?? 0) !== 0 || (mapping.interpolation ?? 0) !== 0) return refuse('mapping', 'histogram.mapping: indexOffset must be 0 and interpolation NONE');
  }
  const store = (s: infrawatch.IStore | null | undefined) => {
    if (s?.binCounts && Object.keys(s.binCounts).length > 0) return undefined; // sparse bins: not what our producers write
    return { offset: s?.contiguousBinIndexOffset ?? 0, counts: s?.contiguousBinCounts ?? [] };
  };
  const positive = store(h?.positiveValues);
  const negative = store(h?.negativeValues);
  if (positive === undefined || negative === undefined) return refuse('mapping', 'sparse binCounts: only contiguous bins merge');
  const zeroCount = num(h?.zeroCount);
  let total = zeroCount;
  for (const c of [positive.counts, negative.counts]) {
    for (let k = 0; k < c.length; k++) {
      const w = c[k];
      if (!(w >= 0) || !Number.isFinite(w)) return refuse('counts', 'a bin count is negative or not finite');
      total += w;
    }
  }
  const count = num(e.count);
  if (!Number.isFinite(count) || Math.abs(total - count) > 1e-9 * Math.max(1, count)) return refuse('counts', `count ${count} is not the bins' total ${total}`);
  const windowStartMs = num(e.windowStartMs);
  if (!(windowStartMs > 0) || !Number.isSafeInteger(windowStartMs)) return refuse('window', `window_start_ms ${windowStartMs}: not a positive time`);
  const sum = e.sum ?? 0;
  return { ok: true, windowStartMs, parts: { scale, count, sum: Number.isFinite(sum) ? sum : 0, min: e.min ?? 0, max: e.max ?? 0, zeroCount, positive, negative } };
}
