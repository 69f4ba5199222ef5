// The canary view with real agents (in this process, the AgentRunner of
// `infrawatch run`) in two cohorts, shipping to the embedded server (its
// merger on, windows closed after 1 s): the canaries (rule `canary`, a
// host list) run raw with sketches (dual-write), the rest smart with top_n
// 2. Each cohort reads a /proc tree of its own: the fixture's processes
// plus this process's pid (the agents' own row, agentSelf) with an RSS of
// 3,000 pages for the canaries and 2,000 for the rest, so that every
// figure has one right answer: the agents' RSS and its delta (+50 %), the
// capture ratio (1 for raw, the agents' own logged captureRss for smart),
// and the SKETCH error (within 1 % for the canaries, none for the rest: no
// host of theirs ships both). Then `infrawatch fleet canary` prints it,
// and the runbook's commands and gates (README "Roll out") run as written.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canaryView } from '../../../src/server/fleet/canary-view.js';
import { FleetStore, fleetPathOf } from '../../../src/server/fleet/fleet-store.js';
import { postQuery } from '../../../src/server/query/query-command.js';
import type { QueryResult } from '../../../src/server/query/query-result.js';
import { procTreeWithSelf, writeAgentConfig } from '../../agent-config.js';
import { CLI, isTick } from '../../helpers.js';
import { type InProcessAgent, startAgent, stopInProcessAgents } from '../../in-process-agent.js';
import { ACCOUNT, type Fixture, serverYaml, startFixture } from '../server-fixture.js';

const run = promisify(execFile);
const PAGE_BYTES = 4096;
const CANARY_RSS_PAGES = 3000;
const REST_RSS_PAGES = 2000;
const CANARIES = ['canary-1', 'canary-2'];
const REST = ['rest-1', 'rest-2'];

let f: Fixture;
let dir: string;
beforeAll(async () => {
  f = await startFixture({
    config: (c) => ({ ...c, merger: { ...c.merger, enabled: true, allowed_lateness_windows: 0, max_hold_ms: 1000, publish_slack_ms: 0, pull_wait_ms: 20 } }),
  });
  dir = mkdtempSync(join(tmpdir(), 'iw-canary-'));
});
afterAll(async () => {
  await f.close();
});
afterEach(stopInProcessAgents);

async function agent(host: string, procRoot: string, mode: 'raw' | 'smart'): Promise<InProcessAgent> {
  const config = writeAgentConfig(join(dir, `${host}.yaml`), host, join(dir, host), [
    `receiver_url: "${f.url}"`,
    `receiver_token: "${await f.token({}, { host })}"`,
    'interval_seconds: 0.3',
    `mode: ${mode}`,
    'top_n: 2',
    'adaptive_n: false',
    // The agent's own row on every tick, whatever its rank.
    "include_names: ['^node$']",
    'sketch_enable: true',
    'sketch_window_s: 1',
    'collect_snapshot: false',
    `proc_root: ${procRoot}`,
  ]);
  return startAgent(config);
}

const query = async (nrql: string, mode?: 'raw' | 'sketch' | 'auto') => JSON.parse(await postQuery(f.url, await f.token({}, { host: 'ops' }), nrql, mode, 'test')) as QueryResult;

describe('the canary view', () => {
  it('compares the canaries with the rest: agent RSS and its delta, capture ratio, SKETCH error of the dual-write hosts', async () => {
    const fromMs = Date.now();
    const canaryProc = procTreeWithSelf(join(dir, 'canary-proc'), CANARY_RSS_PAGES);
    const restProc = procTreeWithSelf(join(dir, 'rest-proc'), REST_RSS_PAGES);
    const agents = [...(await Promise.all(CANARIES.map((h) => agent(h, canaryProc, 'raw')))), ...(await Promise.all(REST.map((h) => agent(h, restProc, 'smart'))))];
    const ticks = (a: InProcessAgent) => a.logs().filter(isTick);
    for (const a of agents) await a.waitFor(() => ticks(a).length >= 8, 'eight ticks');
    for (const a of agents) expect(await a.stop()).toBe(0);
    // Every row stored and every window merged: both topics empty (the writer and the merger have acked all).
    await f.rows();
    // The router trusts a window once the high-water mark (ingest time) has passed its end: the minute the agents ran in.
    const lastMinuteEnd = Math.ceil(Date.now() / 60_000) * 60_000;
    for (const deadline = Date.now() + 100_000; ; ) {
      if (Date.now() > deadline) throw new Error(`the high-water mark did not pass ${new Date(lastMinuteEnd).toISOString()} within 100 s`);
      const mark = (await query(`SELECT median(cpuPercent) FROM ProcessSample SINCE ${fromMs}`)).metadata.highWaterMarkMs ?? 0;
      if (mark >= lastMinuteEnd) break;
      await new Promise((r) => setTimeout(r, 500));
    }

    const store = new FleetStore(fleetPathOf(join(f.dir, 'store', 'infrawatch.db')));
    try {
      store.setRule({ id: 'canary', account: ACCOUNT, cohort: { hosts: CANARIES }, keys: { mode: 'raw', sketch_enable: true }, priority: 10 });
      const v = await canaryView(query, { account: ACCOUNT, cohort: { hosts: CANARIES }, labelsOf: (h) => store.labels(ACCOUNT, h), fromMs, untilMs: Date.now() });
      expect(v.canary.hosts).toBe(2);
      expect(v.rest.hosts).toBe(2);
      // The agents' own rows: every host has them, with the RSS its tree gives this process.
      expect(v.canary.agent).toEqual({ hosts: 2, fromMetrics: 0, cpuPercent: 0, rssBytes: CANARY_RSS_PAGES * PAGE_BYTES });
      expect(v.rest.agent).toEqual({ hosts: 2, fromMetrics: 0, cpuPercent: 0, rssBytes: REST_RSS_PAGES * PAGE_BYTES });
      expect(v.agentDelta.rss).toBeCloseTo(CANARY_RSS_PAGES / REST_RSS_PAGES - 1, 9);
      // cpu% 0 on both sides (the files do not change): no delta to divide.
      expect(v.agentDelta.cpu).toBeNull();
      // Raw hosts ship every process as a row; smart hosts' rows hold what the agents said their capture was.
      expect(v.canary.capture.rss).toEqual({ min: 1, mean: 1 });
      // The stored ticks are each agent's first K (its queue is first in, first out; a stop leaves the rest on disk);
      // every tick has the same totals, so the share of the sums is the mean of the ticks' shares.
      const logged = await Promise.all(
        REST.map(async (h, i) => {
          const k = Number((await query(`SELECT uniqueCount(timestamp) FROM ProcessSample WHERE hostId = '${h}' SINCE ${fromMs}`, 'raw')).results![0].uniqueCount);
          const shares = ticks(agents[CANARIES.length + i])
            .slice(0, k)
            .map((t) => t.captureRss as number);
          return shares.reduce((a, b) => a + b, 0) / shares.length;
        }),
      );
      expect(Math.max(...logged)).toBeLessThan(0.9);
      expect(v.rest.capture.rss.min).toBeCloseTo(Math.min(...logged), 2);
      expect(v.rest.capture.rss.mean).toBeCloseTo((logged[0] + logged[1]) / 2, 2);
      expect(v.sketchUntilMs).toBeGreaterThanOrEqual(lastMinuteEnd);
      expect(v.canary.sketchError.hosts).toBe(2);
      const worst = v.canary.sketchError.worst!;
      for (const e of [worst.cpuP95, worst.cpuP99, worst.rssP95, worst.rssP99]) expect(e).toBeLessThanOrEqual(0.01);
      expect(v.rest.sketchError).toEqual({ hosts: 0, dualWriteHosts: 0, worst: null });
    } finally {
      store.close();
    }

    // The CLI: the rule from fleet.db, the figures from the server's query API.
    const serverConfig = join(f.dir, 'server.yaml');
    writeFileSync(serverConfig, `${serverYaml(f.dir)}\n`, { mode: 0o600 });
    const minutes = String(Math.ceil((Date.now() - fromMs) / 60_000) + 1);
    const { stdout } = await run(process.execPath, [CLI, 'fleet', 'canary', 'canary', '--minutes', minutes, '--url', f.url, '--token', await f.token({}, { host: 'ops' }), '--config', serverConfig]);
    expect(stdout).toMatch(/^canary view of rule canary of acme \(hosts: canary-1, canary-2\): \{"mode":"raw","sketch_enable":true\}/);
    expect(stdout).toMatch(/^hosts\s+2 {2}\| {2}2$/m);
    expect(stdout).toMatch(/^agent RSS\s+11\.7 MiB {2}\| {2}7\.8 MiB$/m);
    expect(stdout).toMatch(/^agent delta, canary vs rest: cpu -, RSS 50\.00 %$/m);

    // The runbook (README "Roll out"): every step's commands and its gate, as written there.
    const token = await f.token({}, { host: 'ops' });
    const infrawatch = async (command: string) => {
      const args = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]).slice(1);
      const remote = (args[0] === 'fleet' && args[1] === 'canary') || args[0] === 'query' ? ['--url', f.url, '--token', token] : [];
      const local = args[0] === 'fleet' ? ['--config', serverConfig] : [];
      return (await run(process.execPath, [CLI, ...args, ...remote, ...local])).stdout;
    };
    for (const h of CANARIES) await infrawatch(`infrawatch fleet hosts label ${h} ring=canary dual-write=yes`);
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const runbook = readme.slice(readme.indexOf('## Roll out'), readme.indexOf('## Bench'));
    const steps = [...runbook.matchAll(/^\| (W-\d) \| [^|]* \| ([^|]*) \| ([^|]*) \|$/gm)].map(([, step, commands, gate]) => ({
      step,
      commands: [...commands.matchAll(/`(infrawatch [^`]+)`/g)].map((m) => m[1]),
      gate: /`(infrawatch [^`]+)`/.exec(gate)![1],
    }));
    expect(steps.map((x) => x.step)).toEqual(['W-0', 'W-2', 'W-4', 'W-6', 'W-8']);
    const gates = new Map<string, string>();
    for (const { step, commands, gate } of steps) {
      for (const c of commands) expect(await infrawatch(c)).toMatch(/^rule \S+ of acme set: |^router mode of \S+: sketch$/m);
      gates.set(step, await infrawatch(gate));
    }
    expect(gates.get('W-0')).toMatch(/^agent delta, canary vs rest: cpu -, RSS 50\.00 %$/m);
    expect(gates.get('W-2')).toMatch(/^topn capture cpu: lowest host, mean\s+\S+/m);
    const w4 = /^SKETCH vs RAW p95 \/ p99, worst host\s+cpu (\S+) % \/ (\S+) %, RSS (\S+) % \/ (\S+) %, 2 hosts {2}\|/m.exec(gates.get('W-4')!);
    expect(w4).not.toBeNull();
    for (const e of w4!.slice(1)) expect(Number(e)).toBeLessThanOrEqual(1);
    expect((JSON.parse(gates.get('W-6')!) as QueryResult).metadata.highWaterMarkMs).toBeGreaterThanOrEqual(lastMinuteEnd);
    const w8 = JSON.parse(gates.get('W-8')!) as QueryResult;
    expect(w8.metadata.route).toBe('SKETCH');
    expect(Number((w8.results![0].percentiles as Record<string, number>)['95'])).toBeGreaterThanOrEqual(0);

    const refused = await run(process.execPath, [CLI, 'fleet', 'canary', 'nope', '--url', f.url, '--token', 'x', '--config', serverConfig]).catch((err: { code: number; stderr: string }) => err);
    expect((refused as { code: number }).code).toBe(2);
    expect((refused as { stderr: string }).stderr).toMatch(/fleet canary: acme has no rule "nope"/);
  }, 240_000);
});
