// The tick in-process, without an agent: the fixture tree's rows, their
// files, the fallback when a file fails, and which row is the agent's own.

import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { enricherFor, scannerOptionsOf } from '../../src/agent-parts.js';
import { DEFAULT_CONFIG, type AgentConfig } from '../../src/config/schema.js';
import { TickPipeline } from '../../src/pipeline/tick-pipeline.js';
import { Scanner } from '../../src/scan/scanner.js';
import { copyFixtureProc, FIXTURE_PROC } from '../helpers.js';

const dirs: string[] = [];
const scanners: Scanner[] = [];
afterEach(async () => {
  await Promise.all(scanners.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function pipelineOn(procRoot: string, selfPid?: number): TickPipeline {
  const config: AgentConfig = { ...DEFAULT_CONFIG, proc_root: procRoot, top_n: 3, pool_size: 0, keep_stat_fds: false };
  const scanner = new Scanner({ ...scannerOptionsOf(config), ...(selfPid === undefined ? {} : { selfPid }) });
  scanners.push(scanner);
  return new TickPipeline(scanner, enricherFor(config));
}

describe('TickPipeline', () => {
  it('makes the rows with their files read, and the aggregates of the rest', async () => {
    const t = await pipelineOn(FIXTURE_PROC).tick({ enrich: true });
    expect(t.enrichment).toBe('read');
    expect(t.rows.map((r) => r.processId)).toEqual([113, 117, 100]);
    expect(t.rows[1]).toMatchObject({ commandLine: 'java -Dpassword=******** -jar app.jar --api-key ********', userName: 'nobody', ioTotalReadBytes: 4096 });
    expect(t.aggregates.reduce((n, a) => n + a.processCount, 0) + t.rows.length).toBe(t.scan.totals.processCount);
  });

  it('makes them without their files when asked (an open breaker) and when a file fails, saying why', async () => {
    const skipped = await pipelineOn(FIXTURE_PROC).tick({ enrich: false });
    expect(skipped.enrichment).toBe('skipped');
    expect(skipped.rows.every((r) => r.commandLine === undefined)).toBe(true);

    const root = copyFixtureProc();
    dirs.push(root);
    rmSync(join(root, '113', 'cmdline'), { force: true });
    mkdirSync(join(root, '113', 'cmdline'));
    const failed = await pipelineOn(root).tick({ enrich: true });
    expect(failed.enrichment).toBe('failed');
    expect(failed.problem).toMatch(/113\/cmdline: EISDIR/);
    expect(failed.rows.map((r) => r.processId)).toEqual([113, 117, 100]);
    expect(failed.rows.every((r) => r.commandLine === undefined)).toBe(true);
  });

  it("marks as the agent's own the row of the scanner's selfPid, not of the process it runs in", async () => {
    const replayLike = await pipelineOn(FIXTURE_PROC, 117).tick({ enrich: true });
    expect(replayLike.rows.filter((r) => r.agentSelf).map((r) => r.processId)).toEqual([117]);
    const none = await pipelineOn(FIXTURE_PROC, -1).tick({ enrich: false });
    expect(none.rows.some((r) => r.agentSelf)).toBe(false);
  });
});
