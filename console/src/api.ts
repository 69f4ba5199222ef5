// The server's answers, with the account's token (sessionStorage: gone
// when the tab closes). A 401 forgets the token and goes back to sign-in:
// nothing is shown without a token the server accepts.

import type { QueryMode, QueryResult } from '../../src/server/query/query-result.js';

const TOKEN_KEY = 'infrawatch.console.token';

export const token = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (t: string): void => sessionStorage.setItem(TOKEN_KEY, t),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly position?: number,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const t = token.get();
  if (t === null) throw new ApiError(401, 'not signed in');
  const res = await fetch(path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${t}` } });
  const body = (await res.json().catch(() => ({ error: { message: `${res.status} ${res.statusText}` } }))) as T & { error?: { message: string; position?: number } };
  if (res.status === 401) {
    token.clear();
    location.hash = '#/sign-in';
  }
  if (!res.ok) throw new ApiError(res.status, body.error?.message ?? `${res.status}`, body.error?.position);
  return body;
}

export function getJson<T>(path: string, params: Record<string, string | number> = {}): Promise<T> {
  const q = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
  return call<T>(q === '' ? path : `${path}?${q}`);
}

/** POST /api/query: the same answer as any other client of the query API. */
export function nrql(text: string, mode?: QueryMode): Promise<QueryResult> {
  return call<QueryResult>('/api/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(mode === undefined ? { nrql: text } : { nrql: text, mode }) });
}

/** Whether the server accepts `t` (sign-in checks it before keeping it). */
export async function accepted(t: string): Promise<boolean> {
  return (await fetch('/api/console/rollout', { headers: { authorization: `Bearer ${t}` } })).ok;
}
