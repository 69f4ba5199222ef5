// How the console writes numbers, one place for the pages and for the
// end-to-end test, which checks that a page shows the query API's figure
// written this way.

export const NONE = '–';

/** A figure as read: integers whole, others to 6 significant digits. */
export function num(v: unknown): string {
  if (v === null || v === undefined || v === '') return NONE;
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v);
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}

/** A ratio 0..1 as a percentage. */
export function ratio(v: number | null | undefined): string {
  return v === null || v === undefined ? NONE : `${(v * 100).toFixed(2)} %`;
}

/** A cpu% (of one core), as the agent ships it. */
export function cpu(v: number | null | undefined): string {
  return v === null || v === undefined ? NONE : `${v.toFixed(2)} %`;
}

export function bytes(v: number | null | undefined): string {
  if (v === null || v === undefined) return NONE;
  if (Math.abs(v) >= 1024 ** 3) return `${(v / 1024 ** 3).toFixed(2)} GiB`;
  if (Math.abs(v) >= 1024 ** 2) return `${(v / 1024 ** 2).toFixed(1)} MiB`;
  if (Math.abs(v) >= 1024) return `${(v / 1024).toFixed(1)} KiB`;
  return `${v} B`;
}

/** How long before `nowMs` `ms` was, coarsely. */
export function ago(ms: number, nowMs: number): string {
  const s = Math.max(0, Math.round((nowMs - ms) / 1000));
  if (s < 90) return `${s} s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  if (s < 36 * 3600) return `${(s / 3600).toFixed(1)} h ago`;
  return `${(s / 86400).toFixed(1)} d ago`;
}

export function when(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return NONE;
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
}
