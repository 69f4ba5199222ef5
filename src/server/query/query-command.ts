// `infrawatch query "SELECT …" [--json] [--url URL] [--token JWT] [--mode raw|sketch|auto]`:
// posts the query to a server's /api/query and prints the answer as a table
// (format-table.ts), or as the server's JSON with --json.
// `infrawatch query --high-water [--json] …`: the account's high-water mark
// (GET /api/high-water). The URL defaults to $INFRAWATCH_URL, else the
// embedded server's default listener; the token to $INFRAWATCH_TOKEN
// (`infrawatch token issue` makes one: its account is the one queried).

import { parseArgs } from 'node:util';
import { InfraWatchError } from '../../errors.js';
import { formatTable } from './format-table.js';
import { HIGH_WATER_PATH, type HighWaterAnswer } from './high-water-answer.js';
import type { QueryMode, QueryResult } from './query-result.js';
import { QUERY_MODES } from './query-service.js';

export const QUERY_USAGE = `Usage:
  infrawatch query "SELECT …" [--json] [--url URL] [--token JWT] [--mode raw|sketch|auto]
      run an NRQL query on a server (POST URL/api/query) and print the answer as a
      table (--json: as the server answered it). URL: $INFRAWATCH_URL, else
      http://127.0.0.1:8470; JWT: $INFRAWATCH_TOKEN (infrawatch token issue).
  infrawatch query --high-water [--json] [--url URL] [--token JWT]
      the token's account's high-water mark (GET URL/api/high-water): every sketch
      received at or before it is merged and stored.
`;

function usageError(message: string): InfraWatchError {
  return new InfraWatchError('IW_ERR_USAGE', message);
}

export async function queryCommand(args: string[], out: (text: string) => void = (t) => process.stdout.write(t)): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) return out(QUERY_USAGE);
  const options = { json: { type: 'boolean' }, 'high-water': { type: 'boolean' }, url: { type: 'string' }, token: { type: 'string' }, mode: { type: 'string' } } as const;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageError(`query: ${(err as Error).message}`);
  }
  const { values, positionals } = parsed;
  if (values['high-water']) {
    if (positionals.length > 0 || values.mode !== undefined) throw usageError('query: --high-water takes no query text and no --mode');
  } else if (positionals.length !== 1) throw usageError('query: expected one argument, the query text ("SELECT …")');
  if (values.mode !== undefined && !QUERY_MODES.includes(values.mode as QueryMode)) throw usageError(`query: --mode: expected one of ${QUERY_MODES.join(', ')}`);
  const url = serverUrlOf(values.url);
  const token = values.token ?? process.env.INFRAWATCH_TOKEN;
  if (!token) throw usageError('query: a token is required: --token JWT or $INFRAWATCH_TOKEN (infrawatch token issue --account A --host H)');
  if (values['high-water']) {
    const text = await askServer(url, HIGH_WATER_PATH, { headers: { authorization: `Bearer ${token}` } }, 'query');
    return out(values.json ? `${text}\n` : highWaterLine(JSON.parse(text) as HighWaterAnswer));
  }
  const text = await postQuery(url, token, positionals[0], values.mode as QueryMode | undefined, 'query');
  out(values.json ? `${text}\n` : formatTable(JSON.parse(text) as QueryResult));
}

function highWaterLine(a: HighWaterAnswer): string {
  const m = a.highWaterMark;
  return m === null ? `${a.account}: no high-water mark yet (nothing merged)\n` : `${a.account}: ${m.iso} (${m.ns} ns)\n`;
}

/** --url, else $INFRAWATCH_URL, else the embedded server's default listener. */
export function serverUrlOf(flag: string | undefined): string {
  return (flag ?? process.env.INFRAWATCH_URL ?? 'http://127.0.0.1:8470').replace(/\/+$/, '');
}

/** POST url/api/query; the answer's text, or a usage error naming `command` and what the server said. */
export function postQuery(url: string, token: string, nrql: string, mode: QueryMode | undefined, command: string): Promise<string> {
  return askServer(
    url,
    '/api/query',
    { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ nrql, ...(mode ? { mode } : {}) }) },
    command,
  );
}

/** One request to the server; the answer's text, or a usage error naming `command` and what the server said. */
async function askServer(url: string, path: string, init: RequestInit, command: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`${url}${path}`, init);
  } catch (err) {
    throw usageError(`${command}: cannot reach ${url}: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { error: { message: string } }).error.message;
    } catch {}
    throw usageError(`${command}: ${res.status}: ${message}`);
  }
  return text;
}
