import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvelopeSpool } from '../../src/sinks/envelope-spool.js';
import { decodeEnvelopes } from '../../src/wire/decode-envelopes.js';
import { ProcessEnvelopeEncoder } from '../../src/wire/process-envelope.js';
import { emptyCounters, emptyTotals } from '../../src/sampler/cpu-sampler.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function record(i: number): Uint8Array {
  return new ProcessEnvelopeEncoder('h').encodeDelimited({
    timestampMs: i,
    intervalMs: 1000,
    top: [],
    aggregates: [],
    totals: emptyTotals(),
    topnCaptureRatioCpu: 1,
    topnCaptureRatioRss: 1,
    mode: 'smart',
    topN: 20,
    counters: { ...emptyCounters(), scanner: 'procfs', bpfFallbacks: 0 },
  });
}

describe('EnvelopeSpool', () => {
  it('rotates past the file size and age, keeps the total bound by removing the oldest (counted), and every file decodes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iw-spool-'));
    dirs.push(dir);
    const size = record(1).length;
    const spool = new EnvelopeSpool(dir, 'processes.ldpb', { maxFileBytes: size * 10, maxFileAgeMs: 60_000, maxTotalBytes: size * 35, maxAgeMs: 86_400_000 });
    let t = Date.parse('2026-11-24T00:00:00Z');
    for (let i = 0; i < 100; i++) {
      t += 1000;
      spool.write(record(i), t);
    }
    t += 120_000; // past the file age: rotates at once
    spool.write(record(100), t);
    await spool.close();
    const files = readdirSync(dir).sort();
    expect(files).toContain('processes.ldpb');
    expect(files.filter((f) => f.startsWith('processes-')).length).toBeGreaterThanOrEqual(2);
    const total = files.reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    expect(total).toBeLessThanOrEqual(size * 35);
    expect(spool.filesPruned).toBeGreaterThan(0);
    let records = 0;
    const stamps: number[] = [];
    for (const f of files) {
      const { records: r, error } = decodeEnvelopes(readFileSync(join(dir, f)), f);
      expect(error).toBeUndefined();
      records += r.length;
      stamps.push(...r.map((x) => (x.envelope.payload as { timestampMs: number }).timestampMs));
    }
    expect(total + spool.bytesPruned).toBe(spool.bytesWritten);
    expect(records).toBeGreaterThan(20);
    expect(stamps.at(-1)).toBe(100); // the newest is in the current file
  });
});
