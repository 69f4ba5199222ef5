// `infrawatch serve` as a child process, for the tests that kill it: its
// URLs once it listens, and every child still running killed after the file.

import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll } from 'vitest';
import { CLI } from '../helpers.js';

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

/** Starts `infrawatch serve --config config`; resolves with its URLs once it listens. */
export async function serveChild(config: string): Promise<{ child: ChildProcess; url: string; metricsUrl: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes('"server listening"'));
      if (line) {
        const { url, metrics } = JSON.parse(line) as { url: string; metrics: string };
        resolve({ child, url, metricsUrl: metrics });
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening: ${err}`)));
  });
}
