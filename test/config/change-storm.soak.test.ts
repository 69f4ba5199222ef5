// A storm of live config changes under load: 100 PATCH /config, good and
// bad, to an agent ticking every 400 ms over 1,000 real processes. A soak
// test (npm run test:soak): it counts tick slots, which only a machine
// that is not running the rest of the suite keeps.

import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { SinkBooks } from '../../src/sinks/queued-http-sink.js';
import { parseExposition } from '../health/exposition-parser.js';
import { decodeSpool, isTick, startSleepers } from '../helpers.js';
import { startAgent } from '../in-process-agent.js';
import { cleanups, portOf, serve, tempDir } from './config-fixture.js';

describe('a storm of changes under load', () => {
  it('takes 100 changes, good and bad: bad ones refused with their field path, no tick missed, no envelope lost, the history kept', async () => {
    const sleepers = await startSleepers(1000);
    cleanups.push(sleepers.kill);
    const dir = tempDir();
    let telemetry = 0;
    const { url } = await serve((req) => {
      if (req.method === 'GET') return { status: 404 };
      if (req.url === '/api/telemetry') telemetry++;
      return { status: 202 };
    });
    const file = join(dir, 'agent.yaml');
    const INTERVAL_MS = 400;
    writeFileSync(
      file,
      [
        `interval_seconds: ${INTERVAL_MS / 1000}`,
        `spool_dir: ${join(dir, 'spool')}`,
        `queue_dir: ${join(dir, 'queue')}`,
        `api_url: ${url}/api`,
        'collect_snapshot: false',
        'metrics_listen: "127.0.0.1:0"',
        'config_token: storm',
        'scan_cpu_budget_percent: 100',
        'sketch_window_s: 1',
      ].join('\n') + '\n',
    );
    chmodSync(file, 0o600);
    const agent = startAgent(file);
    cleanups.push(() => void agent.stop());
    await agent.waitFor(() => agent.logs().some((l) => l.msg === 'tick'), 'a first tick');
    const at = `http://127.0.0.1:${portOf(agent)}/config`;
    // Good changes touch every kind of part a remote layer may: the selection, the mode, the pin rules, the sinks (retry keys: the sink and its queue are handed over), the enrichment, the sketches, the log level.
    const good = [
      (i: number) => ({ top_n: 5 + (i % 7) }),
      (i: number) => ({ mode: i % 2 === 0 ? 'raw' : 'smart' }),
      (i: number) => ({ include_names: i % 2 === 0 ? ['^sleep$'] : [], pinned_max: 3 }),
      (i: number) => ({ retry_start_s: 1 + (i % 5) }),
      (i: number) => ({ cmdline_max_bytes: 4096 + i }),
      (i: number) => ({ sketch_scale: 5 + (i % 2) }),
      (i: number) => ({ adaptive_n: i % 2 === 0, log_level: 'info' }),
    ];
    const bad = [
      { change: { top_n: 0 }, path: /top_n: expected an integer from 1 to 10000 \(got 0\)/ },
      { change: { colour: 'blue' }, path: /colour: unknown key/ },
      { change: { mode: 'fast' }, path: /mode: expected one of smart, raw/ },
      { change: { include_names: ['('] }, path: /include_names\[0\]: invalid regular expression/ },
      { change: { retry_factor: 'x' }, path: /retry_factor: expected a number from 1 to 10/ },
    ];
    let refused = 0;
    let taken = 0;
    const ticksNow = () => agent.logs().filter((l) => l.msg === 'tick');
    const skippedBefore = ticksNow().at(-1)!.skipped as number;
    const slotsBefore = ticksNow().length + skippedBefore;
    const t0 = Date.now();
    for (let i = 0; i < 100; i++) {
      const isBad = i % 3 === 2;
      const body = isBad ? bad[i % bad.length].change : good[i % good.length](i);
      const res = await fetch(at, { method: 'PATCH', body: JSON.stringify(body), headers: { authorization: 'Bearer storm' } });
      const answer = (await res.json()) as { error?: string; generation?: number };
      if (isBad) {
        expect(res.status).toBe(400);
        expect(answer.error).toMatch(bad[i % bad.length].path);
        refused++;
      } else {
        expect(res.status, JSON.stringify(answer)).toBe(200);
        taken++;
      }
      await sleep(30);
    }
    const stormMs = Date.now() - t0;
    await sleep(2 * INTERVAL_MS);
    const metrics = parseExposition(await (await fetch(at.replace('/config', '/metrics'))).text());
    const count = (result: string) => metrics.get('agent_config_changes_total')!.samples.find((s) => s.labels.source === 'patch' && s.labels.result === result)?.value ?? 0;
    expect(count('rejected')).toBe(refused);
    expect(count('applied') + count('unchanged')).toBe(taken);
    expect(count('failed')).toBe(0);
    const generation = metrics.get('agent_config_generation')!.samples[0].value;
    expect(generation).toBe(1 + count('applied'));

    const slotsDue = (Date.now() - t0) / INTERVAL_MS;
    expect(await agent.stop()).toBe(0);
    const ticks = agent.logs().filter(isTick);
    const skipped = ticks.at(-1)!.skipped - skippedBefore;
    const slots = ticks.length + ticks.at(-1)!.skipped - slotsBefore;
    console.log(
      `storm: ${taken} good changes (${count('applied')} applied, ${count('unchanged')} unchanged) and ${refused} refused in ${stormMs} ms; ` +
        `${slots} tick slots of ${INTERVAL_MS} ms in ${slotsDue.toFixed(1)} intervals: ${slots - skipped} ticks, ${skipped} skipped; ${telemetry} telemetry bodies delivered`,
    );
    // No tick missed: every slot of the storm ran a tick or was counted
    // skipped, and none failed. (A slot is skipped when the tick before it
    // overruns it, which a host that keeps the agent waiting for a cpu does
    // with or without changes: a count of skips measures the host.)
    // A tick's line comes at its end: the last may still be running.
    expect(slots).toBeGreaterThanOrEqual(Math.floor(slotsDue) - 2);
    expect(slots).toBeLessThanOrEqual(Math.ceil(slotsDue) + 1);
    expect(agent.logs().filter((l) => l.msg === 'tick failed')).toEqual([]);
    // No envelope lost: every tick is in the spool, and every tick's telemetry was delivered or is still queued.
    const envelopes = decodeSpool(join(dir, 'spool', 'processes.ldpb'));
    expect(envelopes.length).toBe(ticks.length);
    const books = agent.logs().find((l) => l.msg === 'agent stopped')!.http as SinkBooks;
    expect(books).toMatchObject({ rejected: 0, retriesExhausted: 0, droppedQueueFull: 0 });
    expect(books.produced).toBe(books.sent + books.queued);
    expect(telemetry).toBeLessThanOrEqual(ticks.length);
    expect(telemetry + books.queued).toBeGreaterThanOrEqual(ticks.length);
    // The scan kept every process's history through the changes: after the first tick, the rows have cpu%.
    for (const e of envelopes.slice(1)) expect(e.payload.top.some((r: { cpuPercent?: number }) => r.cpuPercent !== undefined)).toBe(true);
  }, 120_000);
});
