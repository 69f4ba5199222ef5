// `infrawatch serve` as a child process, for the tests that kill it: its
// URLs once it listens, and every child still running killed after the file.

import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll } from 'vitest';
import { CLI } from '../helpers.js';

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

/** Starts `infrawatch serve --config config [args]`; resolves with its URLs once it listens (killed, and an error with its output, past `timeoutMs`). */
export async function serveChild(config: string, args: readonly string[] = [], timeoutMs = 120_000): Promise<{ child: ChildProcess; url: string; metricsUrl: string; stderr: () => string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--config', config, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-8000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not listen within ${timeoutMs} ms:\n${out.slice(-3000)}\n${err}`));
    }, timeoutMs);
    let listening = false;
    child.stdout!.on('data', (d: Buffer) => {
      if (listening) return; // its log from here on is not kept
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes('"server listening"'));
      if (line) {
        listening = true;
        clearTimeout(timer);
        const { url, metrics } = JSON.parse(line) as { url: string; metrics: string };
        resolve({ child, url, metricsUrl: metrics, stderr: () => err });
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening: ${err}`)));
  });
}
