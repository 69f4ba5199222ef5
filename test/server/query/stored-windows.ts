// Windows into part 2's DistributionMetric store (sketch-store/) the way the
// merger writes them, minus the topic: each (host, display name) key's
// values of one 60 s window become the agent's DDSketch as a SketchEnvelope
// (sketchEnvelopeOf), checked by the merger's guard (guardEnvelope),
// merged into its key and into the fleet key ('') as merger.ts does, and a
// flush commits them as one window commit (SketchStore.commit), which
// writes the 60 s rows and rolls them into the hourly rows. For the
// router's tests and bench on the real stores, SQLite and PostgreSQL.

import { createHash } from 'node:crypto';
import { DEFAULT_MAX_BINS, MergedSketch } from '../../../src/server/merger/merged-sketch.js';
import { guardEnvelope } from '../../../src/server/merger/sketch-guard.js';
import { FLEET, type MinutePartial, MINUTE_MS, type SketchStore, keyText } from '../../../src/server/sketch-store/sketch-store.js';
import { DDSketch } from '../../../src/sketch/ddsketch.js';
import { sketchEnvelopeOf } from '../../../src/wire/sketch-envelope.js';

export class StoredWindows {
  private readonly keys = new Map<string, { key: MinutePartial['key']; sketch: MergedSketch }>();
  private commits = 0;

  constructor(
    private readonly store: SketchStore,
    private readonly account: string,
  ) {}

  /** One agent's window of one key: `displayName` '' is the host key. */
  add(hostId: string, displayName: string, metric: string, windowStartMs: number, values: readonly number[]): void {
    const sketch = new DDSketch();
    for (const v of values) sketch.add(v);
    const guarded = guardEnvelope(sketchEnvelopeOf(sketch, { metricName: metric, entityGuid: hostId, displayName }, windowStartMs, windowStartMs + MINUTE_MS));
    if (!guarded.ok) throw new Error(`the merger's guard refused a window: ${guarded.reason} ${guarded.detail}`);
    for (const entity of [hostId, FLEET]) {
      const key = { account: this.account, metric, entity, displayName, granularityMs: MINUTE_MS, windowStartMs } as const;
      const t = keyText(key);
      const k = this.keys.get(t);
      if (k === undefined) this.keys.set(t, { key, sketch: MergedSketch.of(guarded.parts, DEFAULT_MAX_BINS) });
      else k.sketch.add(guarded.parts);
    }
  }

  /** Commits what was added since the last flush as one window commit (one made-up message id stands for its envelopes). */
  async flush(): Promise<void> {
    if (this.keys.size === 0) return;
    const partials = [...this.keys.values()].map((x) => ({ key: x.key, sketch: x.sketch.parts() }));
    const id = createHash('sha256')
      .update(`${this.account}:${++this.commits}`)
      .digest('hex');
    await this.store.commit({ messageIds: [id], partials });
    this.keys.clear();
  }
}
