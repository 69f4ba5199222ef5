// What the config tests share: temp folders and HTTP servers on loopback
// that go away after each test, and the in-process agents stopped.

import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { LogLine } from '../helpers.js';
import { stopInProcessAgents } from '../in-process-agent.js';

export const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  await stopInProcessAgents();
  for (const c of cleanups.splice(0).reverse()) await c();
});

export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'iw-config-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

export async function serve(handler: (req: IncomingMessage, body: string) => { status: number; headers?: Record<string, string>; body?: string }): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const answer = handler(req, Buffer.concat(chunks).toString());
    res.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? '');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => void server.close());
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

/** The health listener's port, from its 'health listening' line. */
export function portOf(agent: { logs(): LogLine[] }): number {
  return agent.logs().find((l) => l.msg === 'health listening')!.port as number;
}
