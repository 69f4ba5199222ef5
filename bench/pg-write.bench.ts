// Sustained writeBatch throughput of the PostgreSQL row store, COPY against
// multi-row INSERT, for ProcessEnvelope messages of 20 top rows and 60
// aggregate rows each (a smart-mode tick), in batches of the writer's
// default 100 messages. PostgreSQL 15 is started here (test/server/engines.ts)
// with production durability (fsync, synchronous_commit on).
//   npm run build && node dist/bench/pg-write.bench.js [seconds per mode, default 20]

import { freshDatabase, startPostgres } from '../test/server/engines.js';
import { processMessage } from '../test/server/messages.js';
import { PostgresRowStore } from '../src/server/store/postgres-row-store.js';
import type { TopicMessage } from '../src/server/topics/topic-message.js';

const SECONDS = Number(process.argv[2] ?? 20);
const BATCH = 100;
const HOSTS = 200;
const TOP = 20;
const AGGREGATES = 60;

function batches(start: number, count: number): TopicMessage[][] {
  const out: TopicMessage[][] = [];
  for (let b = 0; b < count; b++) {
    const batch: TopicMessage[] = [];
    for (let i = 0; i < BATCH; i++) {
      const n = (start + b) * BATCH + i;
      batch.push(processMessage('acct-bench', `host-${n % HOSTS}`, Date.now() - 3_600_000 + Math.floor(n / HOSTS) * 15_000, TOP, AGGREGATES));
    }
    out.push(batch);
  }
  return out;
}

async function run(url: string, mode: 'copy' | 'insert'): Promise<void> {
  const store = await PostgresRowStore.open({ url, mode });
  let next = 0;
  for (const b of batches(next, 5)) await store.writeBatch(b); // warm-up: partitions, plans, caches
  next += 5;
  let messages = 0;
  let rows = 0;
  let encodeMs = 0;
  const started = performance.now();
  while (performance.now() - started - encodeMs < SECONDS * 1000) {
    const e0 = performance.now();
    const chunk = batches(next, 10);
    next += 10;
    encodeMs += performance.now() - e0;
    for (const b of chunk) {
      const r = await store.writeBatch(b);
      messages += r.written;
      rows += Object.values(r.rows).reduce((a, n) => a + (n ?? 0), 0);
    }
  }
  const seconds = (performance.now() - started - encodeMs) / 1000;
  await store.close();
  console.log(
    `${mode.padEnd(6)} ${(messages / seconds).toFixed(0).padStart(6)} messages/s ${(rows / seconds).toFixed(0).padStart(8)} rows/s  (${messages} messages, ${rows} rows in ${seconds.toFixed(1)} s, batches of ${BATCH})`,
  );
}

const pg = await startPostgres({ durable: true });
try {
  for (const mode of ['copy', 'insert', 'copy', 'insert'] as const) await run(await freshDatabase(pg, `bench_${mode}_${Date.now()}`), mode);
} finally {
  await pg.stop();
}
