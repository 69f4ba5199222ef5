// Each part declares the config keys it reads, and a live change rebuilds a
// part when one of its keys changes: a key it reads but does not declare
// would make a change report "applied" and do nothing. So the parts are
// made here from a config that records every key read, and driven through
// their life (for a sink: made, a tick, a sketch window, the agent's
// metrics, settled, stopped); the keys read must be the keys declared.

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BREAKER_KEYS,
  ENRICHER_KEYS,
  enricherFor,
  FILTER_KEYS,
  HEALTH_KEYS,
  HOST_ID_KEYS,
  LIVE_KEYS,
  SCANNER_KEYS,
  SCANNER_REBUILD_KEYS,
  scannerOptionsOf,
  SKETCH_KEYS,
  sketchBookFor,
  TELEMETRY_KEYS,
} from '../../src/agent-parts.js';
import { CONFIG_SPEC, DEFAULT_CONFIG, type AgentConfig } from '../../src/config/schema.js';
import { DiagEvents } from '../../src/health/diag-events.js';
import { SINK_FACTORIES } from '../../src/sinks/sink-registry.js';
import type { TickOutput } from '../../src/sinks/sink.js';
import { emptyCounters, emptyTotals } from '../../src/sampler/cpu-sampler.js';
import { SPOOL_KEYS } from '../../src/sinks/spool-sink.js';

const dir = mkdtempSync(join(tmpdir(), 'iw-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `config` behind a proxy that notes each key read. */
function recording(config: AgentConfig): { config: AgentConfig; read: Set<string> } {
  const read = new Set<string>();
  const proxy = new Proxy(config, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key, receiver);
    },
  });
  return { config: proxy, read };
}

const sorted = (keys: Iterable<string>) => [...new Set(keys)].sort();

/** Read and not declared, declared and not read: both must be empty. */
function mismatch(read: Iterable<string>, declared: Iterable<string>): { undeclared: string[]; unread: string[] } {
  const r = new Set(read);
  const d = new Set(declared);
  return { undeclared: sorted([...r].filter((k) => !d.has(k))), unread: sorted([...d].filter((k) => !r.has(k))) };
}

describe('the config keys each part declares', () => {
  it('are the keys each sink reads over its life', async () => {
    // An endpoint that hangs up at once: the sinks queue and retry, nothing is sent.
    const closed = createServer((socket) => socket.destroy()).listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const url = `http://127.0.0.1:${(closed.address() as { port: number }).port}`;
    const base: AgentConfig = {
      ...DEFAULT_CONFIG,
      api_url: `${url}/api`,
      otlp_endpoint: url,
      receiver_url: url,
      receiver_token: 'jwt',
      queue_dir: join(dir, 'queue'),
      spool_dir: join(dir, 'spool'),
      snapshot_interval: 1,
      collect_snapshot: true,
    };
    const tick: TickOutput = {
      nowMs: Date.now(),
      rows: [],
      aggregates: [],
      totals: emptyTotals(),
      batch: {
        timestampMs: 0,
        intervalMs: 1000,
        top: [],
        aggregates: [],
        totals: emptyTotals(),
        topnCaptureRatioCpu: 1,
        topnCaptureRatioRss: 1,
        mode: 'smart',
        topN: 0,
        counters: { ...emptyCounters(), scanner: 'procfs', bpfFallbacks: 0 },
      },
      processEnvelope: new Uint8Array([0]),
      host: () => ({ host_id: 'h', timestamp: new Date().toISOString(), cpu: 1, memory: 1, disk: 1, uptime: 1, disks: [], cpuModes: null, memoryBytes: null, bootTimeMs: null }),
    };
    const diag = new DiagEvents(undefined);
    for (const factory of SINK_FACTORIES) {
      const { config, read } = recording(base);
      expect(factory.enabled(config)).toBe(true);
      read.clear(); // enabled() reads its switch; the factory's keys name it anyway
      factory.check(config);
      const sink = await factory.make(config, { hostId: 'h', hostCpus: 2, log: pino({ level: 'silent' }), diag, filterEnv: (env) => env });
      sink.tick(tick);
      sink.sketchEnvelopes?.([new Uint8Array([0])]);
      sink.sketches?.([]);
      sink.diagEvent?.(new Uint8Array([0]));
      sink.tick(tick); // the held diag events go with it
      sink.agentMetrics?.([], Date.now() - 1000, Date.now());
      await sink.settled?.();
      await sink.stop();
      expect(mismatch(read, factory.configKeys), `the ${factory.name} sink`).toEqual({ undeclared: [], unread: [] });
    }
    closed.close();
  });

  it('are the keys the scanner and the enrichment are made from', () => {
    const scanner = recording(DEFAULT_CONFIG);
    scannerOptionsOf(scanner.config);
    expect(mismatch(scanner.read, [...SCANNER_REBUILD_KEYS, ...SCANNER_KEYS]), 'the scanner').toEqual({ undeclared: [], unread: [] });
    const enricher = recording(DEFAULT_CONFIG);
    enricherFor(enricher.config);
    expect(mismatch(enricher.read, ENRICHER_KEYS), 'the enrichment').toEqual({ undeclared: [], unread: [] });
  });

  it('are the keys the sketch book is made from', () => {
    // The sketch window also starts again when what its keys are made of changes (the host id, the display
    // rules, a new scanner): SKETCH_KEYS holds those too, so only "undeclared" must be empty.
    const book = recording(DEFAULT_CONFIG);
    sketchBookFor(book.config);
    expect(mismatch(book.read, SKETCH_KEYS).undeclared, 'the sketch book').toEqual([]);
  });

  it('cover every key of the config: a key no part declares would change nothing live', () => {
    const declared = new Set<string>([
      ...HOST_ID_KEYS,
      ...SCANNER_REBUILD_KEYS,
      ...SCANNER_KEYS,
      ...ENRICHER_KEYS,
      ...FILTER_KEYS,
      ...SKETCH_KEYS,
      ...TELEMETRY_KEYS,
      ...BREAKER_KEYS,
      ...HEALTH_KEYS,
      ...LIVE_KEYS,
      ...SINK_FACTORIES.flatMap((f) => f.configKeys),
    ]);
    expect(Object.keys(CONFIG_SPEC).filter((k) => !declared.has(k))).toEqual([]);
    expect(SPOOL_KEYS.every((k) => declared.has(k))).toBe(true);
  });
});
