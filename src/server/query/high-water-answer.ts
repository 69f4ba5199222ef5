// GET /api/high-water with Authorization: Bearer <JWT>: the token's
// account's high-water mark (high-water/high-water-mark.ts: every sketch of
// the account received at or before it is merged and committed), the
// account always the token's. 200:
//   {"account": "acme", "highWaterMark": {"ns": "1767225600123456789",
//    "ms": 1767225600123, "iso": "2026-01-01T00:00:00.123Z"}}
// ns is decimal text (exact: a JSON number is a double, which rounds ns
// timestamps); highWaterMark is null while nothing of the account was
// merged. 404 {error: {reason: "no-merger"}} on a server without one.
// Routed by query-http.ts beside POST /api/query.

export const HIGH_WATER_PATH = '/api/high-water';

export interface HighWaterAnswer {
  readonly account: string;
  readonly highWaterMark: { readonly ns: string; readonly ms: number; readonly iso: string } | null;
}

export function highWaterAnswer(account: string, ns: bigint | undefined): HighWaterAnswer {
  if (ns === undefined) return { account, highWaterMark: null };
  const ms = Number(ns / 1_000_000n);
  return { account, highWaterMark: { ns: ns.toString(), ms, iso: new Date(ms).toISOString() } };
}
