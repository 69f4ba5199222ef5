import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_PROC, runAgent } from '../helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('a config change while the agent runs', () => {
  it('is taken within seconds; a bad one is refused, named, and the last good config keeps running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iw-reload-'));
    dirs.push(dir);
    const file = join(dir, 'agent.yaml');
    const base = `proc_root: ${FIXTURE_PROC}\ninterval_seconds: 0.2\nspool_dir: ${join(dir, 'spool')}\nmetrics_listen: ""\nscan_cpu_budget_percent: 100\n`;
    writeFileSync(file, base + 'top_n: 3\n');
    const agent = runAgent(file);
    const logs = () => agent.logs();
    const waitFor = (pred: () => boolean, what: string) => agent.waitFor(pred, what, 10_000);
    await waitFor(() => logs().some((l) => l.msg === 'tick'), 'a first tick');
    expect(logs().find((l) => l.msg === 'tick')!.top).toBe(3);

    const changedAt = Date.now();
    writeFileSync(file, base + 'top_n: 5\n');
    await waitFor(() => logs().some((l) => l.msg === 'config reloaded'), 'the reload');
    expect(Date.now() - changedAt).toBeLessThan(30_000);
    await waitFor(() => logs().filter((l) => l.msg === 'tick').at(-1)!.top === 5, 'a tick with the new N');

    writeFileSync(file, base + 'top_n: 0\ncolour: blue\n');
    await waitFor(() => logs().some((l) => l.msg?.startsWith('config change refused')), 'the refusal');
    const refusal = logs().find((l) => l.msg?.startsWith('config change refused'))!;
    expect(refusal.reason).toMatch(/top_n: expected an integer from 1 to 10000 \(got 0\)/);
    expect(refusal.reason).toMatch(/colour: unknown key/);
    const ticksBefore = logs().filter((l) => l.msg === 'tick').length;
    await waitFor(() => logs().filter((l) => l.msg === 'tick').length > ticksBefore + 2, 'ticks after the refusal');
    expect(logs().filter((l) => l.msg === 'tick').at(-1)!.top).toBe(5);

    // SIGHUP reads the file now. The change keeps the file's size and mtime, so the poll alone would never see it.
    const { mtime, size } = statSync(file);
    const next = base + 'top_n: 6\n';
    writeFileSync(file, next + '#'.repeat(size - next.length - 1) + '\n'); // a comment keeps the size
    utimesSync(file, mtime, mtime);
    expect(statSync(file).size).toBe(size);
    agent.child.kill('SIGHUP');
    await waitFor(() => logs().filter((l) => l.msg === 'tick').at(-1)!.top === 6, 'a tick with the N read on SIGHUP');

    expect(await agent.stop()).toBe(0);
  }, 60_000);
});
