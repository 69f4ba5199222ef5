import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CircuitBreaker, type BreakerState } from '../../src/health/circuit-breaker.js';
import { decodeSpool, FIXTURE_PROC, runAgent } from '../helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('CircuitBreaker', () => {
  it('closed → open after N failures in a row → half-open after the open ticks → one probe → closed or open again', () => {
    const moves: string[] = [];
    const b = new CircuitBreaker('scan', { failuresToOpen: 3, openTicks: 2 }, (from, to) => moves.push(`${from}→${to}`));
    const feed = (...outcomes: boolean[]) => {
      for (const ok of outcomes) b.record(ok, 'slow');
    };
    feed(false, false, true, false, false); // the ok tick resets the count
    expect(b.state).toBe<BreakerState>('closed');
    feed(false);
    expect(b.state).toBe('open');
    feed(false, false);
    expect(b.state).toBe('half_open');
    feed(false); // the probe fails
    expect(b.state).toBe('open');
    feed(true, true, true); // two open ticks, then the probe passes
    expect(b.state).toBe('closed');
    expect(moves).toEqual(['closed→open', 'open→half_open', 'half_open→open', 'open→half_open', 'half_open→closed']);
  });
});

describe('the scan breaker in the agent', () => {
  it('opens when ticks cost more than the budget: the interval stretches and N halves, with an event for each change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iw-breaker-'));
    dirs.push(dir);
    const file = join(dir, 'agent.yaml');
    // A budget no tick can meet: every tick fails.
    writeFileSync(file, `proc_root: ${FIXTURE_PROC}\ninterval_seconds: 0.1\nmax_interval_seconds: 0.15\nspool_dir: ${join(dir, 'spool')}\nmetrics_listen: ""\ntop_n: 8\nscan_cpu_budget_percent: 0\nbreaker_failures: 2\nbreaker_open_ticks: 3\n`);
    const agent = runAgent(file);
    const logs = () => agent.logs();
    await agent.waitFor(() => logs().filter((l) => l.msg === 'breaker').length >= 3, 'three moves of the breaker', 10_000);
    await agent.stop();
    const moves = logs().filter((l) => l.msg === 'breaker');
    expect(moves.slice(0, 3).map((m) => `${m.from}→${m.to}`)).toEqual(['closed→open', 'open→half_open', 'half_open→open']);
    expect(moves[0].intervalMs).toBe(150); // stretched, within max_interval_seconds
    expect(moves[1].intervalMs).toBe(100); // the probe runs at full strength
    const ticks = logs().filter((l) => l.msg === 'tick');
    expect(ticks[0].top).toBe(8);
    expect(ticks.some((t) => t.top === 4)).toBe(true); // N halved while open
    const events = decodeSpool(join(dir, 'spool', 'diag.ldpb'));
    expect(events.slice(0, 4).map((e) => `${e.module}/${e.eventType}`)).toEqual(['scan/breaker_open', 'scan/fallback', 'scan/breaker_half_open', 'scan/breaker_open']);
    expect(events[1].reason).toBe('interval 150 ms, at most 4 rows');
    expect(events[0].reason).toMatch(/2 failures in a row: a tick took [\d.]+ % of the host's cpu at 100 ms \(budget 0 %\)/);
  }, 60_000);
});
