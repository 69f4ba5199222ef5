// The agent's own metrics (infrawatch.agent.*) through the receiver sink:
// two real agents (`infrawatch run`, processes of their own) ship to the
// embedded server with receiver_url only, their own metrics every second
// (self_metrics_interval_s: 1); the server stores them per host
// (MetricSample) and the canary view reads each agent's cpu and RSS from
// them. The agents read the fixture's /proc tree, where their own pid is
// not: no agentSelf row exists, so every agent figure the view gives can
// only come from the metrics. Each agent's RSS is sampled from its
// /proc/<pid>/status while it runs: the view's RSS must lie in that range.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryView } from '../../../src/server/fleet/canary-view.js';
import { postQuery } from '../../../src/server/query/query-command.js';
import type { QueryResult } from '../../../src/server/query/query-result.js';
import { writeAgentConfig } from '../../agent-config.js';
import { FIXTURE_PROC, type RunningAgent, runAgent } from '../../helpers.js';
import { ACCOUNT, type Fixture, startFixture } from '../server-fixture.js';

const HOSTS = ['metrics-canary', 'metrics-rest'];
const EXPORTS = 4;

let f: Fixture;
let dir: string;
beforeAll(async () => {
  f = await startFixture();
  dir = mkdtempSync(join(tmpdir(), 'iw-agent-metrics-'));
});
afterAll(async () => {
  await f.close();
  rmSync(dir, { recursive: true, force: true });
});

async function agent(host: string): Promise<RunningAgent> {
  const config = writeAgentConfig(join(dir, `${host}.yaml`), host, join(dir, host), [
    `receiver_url: "${f.url}"`,
    `receiver_token: "${await f.token({}, { host })}"`,
    'interval_seconds: 0.3',
    'self_metrics_interval_s: 1',
    'collect_snapshot: false',
    `proc_root: ${FIXTURE_PROC}`,
  ]);
  return runAgent(config);
}

/** VmRSS of `pid` in bytes, or undefined once it is gone. */
function rssOf(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

describe("the agent's own metrics through the receiver sink", () => {
  it('are stored per host and give the canary view each agent its cpu and RSS', async () => {
    const token = await f.token({}, { host: 'ops' });
    const query = async (nrql: string, mode?: 'raw' | 'sketch' | 'auto') => JSON.parse(await postQuery(f.url, token, nrql, mode, 'test')) as QueryResult;
    const fromMs = Date.now();
    const agents = await Promise.all(HOSTS.map(agent));
    const seen = agents.map(() => ({ min: Infinity, max: 0 }));
    const sampler = setInterval(() => {
      agents.forEach((a, i) => {
        const rss = rssOf(a.child.pid!);
        if (rss === undefined) return;
        seen[i].min = Math.min(seen[i].min, rss);
        seen[i].max = Math.max(seen[i].max, rss);
      });
    }, 100);
    let exports: Map<string, number[]> = new Map();
    try {
      // Each export holds two cpu_seconds points (user, system) per host.
      for (const deadline = Date.now() + 60_000; ; ) {
        const r = await query(`SELECT count(*) FROM MetricSample WHERE name = 'infrawatch.agent.cpu_seconds' FACET hostId SINCE ${fromMs - 1000}`, 'raw');
        exports = new Map((r.facets ?? []).map((x) => [String(x.name), [Number(x.results?.[0].count) / 2]]));
        if (HOSTS.every((h) => (exports.get(h)?.[0] ?? 0) >= EXPORTS)) break;
        if (Date.now() > deadline) throw new Error(`fewer than ${EXPORTS} exports of each agent's metrics stored in 60 s: ${JSON.stringify([...exports])}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      clearInterval(sampler);
      for (const a of agents) expect(await a.stop()).toBe(0);
    }
    await f.rows();
    const untilMs = Date.now();
    // No row of the agents' own processes: their pids are not in the fixture's tree.
    const selfRows = await query(`SELECT count(*) FROM ProcessSample WHERE agentSelf = 1 SINCE ${fromMs - 1000}`, 'raw');
    expect(selfRows.results).toEqual([{ count: 0 }]);
    // Stored per host, under the OTLP name and unit of agent_resident_memory_bytes.
    const rss = await query(`SELECT count(*), latest(unit), min(value) FROM MetricSample WHERE metricName = 'infrawatch.agent.resident_memory_bytes' FACET hostId SINCE ${fromMs - 1000}`, 'raw');
    expect((rss.facets ?? []).map((x) => x.name).sort()).toEqual(HOSTS);
    for (const x of rss.facets ?? []) expect(x.results?.[1]).toEqual({ latest: 'By' });

    const v = await canaryView(query, { account: ACCOUNT, cohort: { hosts: [HOSTS[0]] }, labelsOf: () => ({}), fromMs, untilMs });
    for (const [i, side] of [v.canary, v.rest].entries()) {
      expect(side.agent.hosts).toBe(1);
      expect(side.agent.fromMetrics).toBe(1);
      // The mean of what the agent reported, within what /proc showed of it while it ran.
      expect(side.agent.rssBytes!).toBeGreaterThanOrEqual(seen[i].min * 0.9);
      expect(side.agent.rssBytes!).toBeLessThanOrEqual(seen[i].max * 1.1);
      expect(side.agent.cpuPercent!).toBeGreaterThan(0);
      expect(side.agent.cpuPercent!).toBeLessThan(100 * cpus().length);
    }
    expect(v.agentDelta.rss).toBeCloseTo(v.canary.agent.rssBytes! / v.rest.agent.rssBytes! - 1, 9);
    const points = await query(`SELECT count(*) FROM MetricSample WHERE hostId = '${HOSTS[0]}' SINCE ${fromMs - 1000}`, 'raw');
    console.log(`agent metrics: ${Number(points.results?.[0].count) / exports.get(HOSTS[0])![0]} MetricSample rows (points) per export and host, one topic message`);
  }, 120_000);
});
