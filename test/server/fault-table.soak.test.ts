// The fault table (issue 17): the scale-out backend, every role its own
// `infrawatch serve --role …` process (two receivers, two writers, two
// mergers, a query server) on a 3-node NATS JetStream cluster (streams of
// replicas 3), PostgreSQL 15 and Redis 7, all started here; a simulated
// fleet ingests steadily; one fault at a time is injected and healed the
// way a supervisor would (systemd: Restart=always, RestartSec=1):
//   kill -9 of each role, of the nats-server leading PROC_RAW_V1 (found
//   through /jsz), a crash-restart of PostgreSQL (SIGQUIT, WAL recovery),
//   a kill -9 and restart of Redis, and a full disk: the store's
//   database lives on a tablespace on a small tmpfs (mounted here, as
//   root, and unmounted after), filled with a file, held full until a
//   writer's transaction failed with PostgreSQL's disk_full (SQLSTATE
//   53100, read from the writers' logged errors: the fault was the full
//   disk, not something else), then freed.
// The hosts are agents as far as the server can tell: each its own token,
// real ProcessEnvelopes every tick and a SketchEnvelope (the agent's
// DDSketch) every minute of its (accelerated) clock, a queue of what got
// no 2xx, sent again until it does, to whichever receiver is up.
//
// After each fault the fleet stops ticking and drains, and every record
// the fleet got a 2xx for is checked: stored exactly once (ProcessSample
// rows per tick), every window merged exactly once (the host's minute
// DistributionMetric counts every value once), and the high-water mark
// never passed uncommitted data (each mark read, compared with the commit
// time of every sketch answered 2xx before the mark). "Recovered" is the
// moment everything the fleet made before the fault was healed has been
// answered 2xx, the writers have stored it and the mergers committed it.
// The table is printed and written to var/fault-table.md.

import { type ChildProcess, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, chownSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import pg from 'pg';
import protobuf from 'protobufjs/minimal.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisHighWaterMark } from '../../src/server/high-water/redis-high-water-mark.js';
import { idKey } from '../../src/server/sketch-store/sketch-store.js';
import { messageIdOf } from '../../src/server/topics/topic-message.js';
import { DDSketch } from '../../src/sketch/ddsketch.js';
import { infrawatch } from '../../src/wire/generated/infrawatch.js';
import { sketchEnvelopeOf } from '../../src/wire/sketch-envelope.js';
import { freePort, type RunningNatsCluster, type RunningPostgres, startNatsCluster, startPostgres } from './engines.js';
import { type RunningRedis, startRedis } from './redis-engine.js';
import { serveChild } from './serve-child.js';
import { ACCOUNT, PROCESS_ENVELOPES, processEnvelope, SECRET, serverYaml } from './server-fixture.js';

const HOSTS = 8;
const TOP = 5;
const AGGREGATES = 5;
const TICK_EVENT_MS = 10_000;
const TICKS_PER_WINDOW = 6;
const TICK_WALL_MS = 400;
const SKETCH_VALUES = 20;
const P = 8;
const SKETCH_ENVELOPES = 'application/x-protobuf; messageType=infrawatch.SketchEnvelope';
const TMPFS_BYTES = 192 * 1024 * 1024;

let nats: RunningNatsCluster;
let postgres: RunningPostgres;
let redis: RunningRedis;
let dir: string;
let small: string;
let mounted = false;

beforeAll(async () => {
  // Durable PostgreSQL (fsync, synchronous commit): with synchronous_commit off, a crash loses commits it had
  // acknowledged, and a writer acks its messages after that acknowledgement (the first run lost ticks so).
  [nats, postgres, redis] = await Promise.all([startNatsCluster(3), startPostgres({ durable: true }), startRedis()]);
  dir = mkdtempSync(join(tmpdir(), 'iw-faults-'));
  chmodSync(dir, 0o755);
  small = join(dir, 'small');
  mkdirSync(small);
  if (process.getuid?.() !== 0) throw new Error('the fault table mounts a tmpfs for the full-disk fault: run it as root (CI does)');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_BYTES},mode=0700`, 'tmpfs', small]);
  } catch (err) {
    throw new Error(`the full-disk fault needs a tmpfs (mount -t tmpfs as root, CAP_SYS_ADMIN): ${(err as Error).message}`);
  }
  mounted = true;
  if (postgres.ids.uid !== undefined) chownSync(small, postgres.ids.uid, postgres.ids.gid!);
}, 120_000);

afterAll(async () => {
  await Promise.all([nats?.stop(), postgres?.stop(), redis?.stop()]);
  if (mounted) execFileSync('umount', [small]);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

interface Item {
  readonly kind: 'process' | 'sketch';
  readonly host: string;
  /** The tick's time, or the window's start. */
  readonly ts: number;
  readonly body: Uint8Array;
  readonly madeMs: number;
  /** The sketch's message id (what the merger records). */
  readonly id?: string;
}

interface Acked {
  readonly item: Item;
  readonly atMs: number;
}

/** One host: ticks put envelopes in its queue; its sender posts the oldest until a 2xx, to whichever receiver. */
class Host {
  readonly queue: Item[] = [];
  readonly acked: Acked[] = [];
  refused = 0;
  private tick = 0;
  private seed: number;
  constructor(
    readonly name: string,
    readonly token: string,
    private readonly t0: number,
  ) {
    this.seed = name.length * 7919 + Number(name.slice(1));
  }

  private random(): number {
    this.seed = (Math.imul(this.seed, 1664525) + 1013904223) >>> 0;
    return (this.seed + 0.5) / 2 ** 32;
  }

  /** One tick of the agent: a ProcessEnvelope; at a minute's end, that minute's SketchEnvelope. */
  ticked(): void {
    const ts = this.t0 + this.tick * TICK_EVENT_MS;
    const w = protobuf.Writer.create();
    infrawatch.ProcessEnvelope.encodeDelimited(processEnvelope(this.name, ts, TOP, AGGREGATES), w);
    const now = Date.now();
    this.queue.push({ kind: 'process', host: this.name, ts, body: w.finish(), madeMs: now });
    this.tick++;
    if (this.tick % TICKS_PER_WINDOW === 0) {
      const ws = ts - (TICKS_PER_WINDOW - 1) * TICK_EVENT_MS;
      const s = new DDSketch(6, 4096);
      for (let i = 0; i < SKETCH_VALUES; i++) s.add(this.random() * 100);
      const sw = protobuf.Writer.create();
      infrawatch.SketchEnvelope.encodeDelimited(sketchEnvelopeOf(s, { metricName: 'cpuPercent', entityGuid: this.name, displayName: '' }, ws, ws + TICKS_PER_WINDOW * TICK_EVENT_MS), sw);
      this.queue.push({ kind: 'sketch', host: this.name, ts: ws, body: sw.finish(), madeMs: now, id: messageIdOf(ACCOUNT, this.name, 'sketch', ws, 'cpuPercent\0') });
    }
  }

  /** Sends what is queued, oldest first, until `running()` is false and the queue is empty. */
  async send(receivers: () => readonly string[], running: () => boolean): Promise<void> {
    let turn = Number(this.name.slice(1));
    while (running() || this.queue.length > 0) {
      const item = this.queue[0];
      const urls = receivers();
      if (item === undefined || urls.length === 0) {
        await sleep(20);
        continue;
      }
      const url = urls[turn++ % urls.length];
      let ok = false;
      try {
        const res = await fetch(`${url}/v1/envelopes`, {
          method: 'POST',
          headers: { 'content-type': item.kind === 'process' ? PROCESS_ENVELOPES : SKETCH_ENVELOPES, authorization: `Bearer ${this.token}` },
          body: item.body,
          signal: AbortSignal.timeout(5000),
        });
        await res.arrayBuffer();
        ok = res.status === 202;
      } catch {}
      if (ok) {
        this.acked.push({ item, atMs: Date.now() });
        this.queue.shift();
      } else {
        this.refused++;
        await sleep(100);
      }
    }
  }
}

const started = Date.now();
/** A line on stderr as the soak goes (where it is when it hangs). */
function progress(what: string): void {
  process.stderr.write(`fault table +${((Date.now() - started) / 1000).toFixed(1)} s: ${what}\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function until(what: string, ms: number, f: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (
    !(await Promise.resolve()
      .then(f)
      .catch(() => false))
  ) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(100);
  }
}

interface Row {
  fault: string;
  recoverMs: number;
  acked: number;
  resent: number;
  lost: number;
  duplicates: number;
  markEarly: number;
}

it('through one fault at a time, every record answered 2xx is stored once, every window merged once, the mark never early, the refused re-sent', async () => {
  // The store's database on the tmpfs tablespace: a full disk is a full database.
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query(`CREATE TABLESPACE small LOCATION '${small}'`);
  await admin.query('CREATE DATABASE faults TABLESPACE small');
  await admin.end();
  const storeUrl = postgres.url.replace(/\/postgres$/, '/faults');
  const bus = `${nats.url}?replicas=3&ack_wait_ms=2000&publish_timeout_ms=3000`;
  const configOf = (name: string, role: string, port = 0) => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(
      file,
      serverYaml(dir)
        .split('\n')
        .filter((l) => !l.startsWith('store:') && !l.startsWith('topics:') && !l.startsWith('listen:'))
        .concat(
          // The query server is `serve --role query` (no config key): its file has the default role.
          ...(role === 'query' ? [] : [`role: ${role}`]),
          `listen: { address: 127.0.0.1, port: ${port} }`,
          `topics: { bus: "${bus}", partitions: ${P} }`,
          `store: { url: "${storeUrl}" }`,
          `merger: { redis_url: "${redis.url}", ack_wait_ms: 4000, max_hold_ms: 2000, lease_ttl_ms: 1500, publish_slack_ms: 3000, pull_wait_ms: 50, allowed_lateness_windows: 1 }`,
        )
        .join('\n'),
    );
    return file;
  };
  const roles = new Map<string, { config: string; child: ChildProcess; url: string; stderr: () => string }>();
  const start = async (name: string) => {
    const r = roles.get(name)!;
    const s = await serveChild(r.config, name === 'query' ? ['--role', 'query'] : [], 90_000);
    r.child = s.child;
    r.url = s.url;
    r.stderr = s.stderr;
  };
  const queryPort = await freePort();
  for (const [name, role] of [
    ['receiver-1', 'receiver'],
    ['receiver-2', 'receiver'],
    ['writer-1', 'writer'],
    ['writer-2', 'writer'],
    ['merger-1', 'merger'],
    ['merger-2', 'merger'],
    ['query', 'query'],
  ] as const) {
    roles.set(name, { config: configOf(name, role, name === 'query' ? queryPort : 0), child: undefined as unknown as ChildProcess, url: '', stderr: () => '' });
  }
  await Promise.all([...roles.keys()].map(start));
  progress('every role listens');
  const receivers = () => [...roles].filter(([n, r]) => n.startsWith('receiver') && r.child.exitCode === null && r.child.signalCode === null).map(([, r]) => r.url);

  const t0 = Math.floor((Date.now() - 4 * 3_600_000) / 60_000) * 60_000;
  const sign = async (host: string) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ acct: ACCOUNT, sub: host, iss: 'infrawatch', aud: 'infrawatch-ingest', exp: now + 3600, iat: now })
      .setProtectedHeader({ alg: 'HS256', kid: 'main' })
      .sign(new TextEncoder().encode(SECRET));
  };
  const hosts = await Promise.all(Array.from({ length: HOSTS }, async (_, i) => new Host(`h${i + 1}`, await sign(`h${i + 1}`), t0)));
  const queryToken = hosts[0].token;
  let ticking = false;
  let running = true;
  const ticker = (async () => {
    while (running) {
      if (ticking) for (const h of hosts) h.ticked();
      await sleep(TICK_WALL_MS);
    }
  })();
  const senders = hosts.map((h) => h.send(receivers, () => running));
  const pool = new pg.Pool({ connectionString: storeUrl, max: 2 });
  pool.on('error', () => undefined); // a restart cuts its connections: the next query opens new ones
  const mark = await RedisHighWaterMark.open({ url: redis.url, partitions: P });
  const marks: { atMs: number; ns: bigint }[] = [];
  const marker = setInterval(() => {
    // atMs: when the mark was read (after the answer): whatever it covers was committed by then.
    mark.get(ACCOUNT).then(
      (ns) => ns !== undefined && marks.push({ atMs: Date.now(), ns }),
      () => undefined,
    );
  }, 250);

  const allAcked = () => hosts.flatMap((h) => h.acked);
  const storedMessages = async () => Number((await pool.query('SELECT count(*) AS n FROM "StoredMessage" WHERE account = $1', [ACCOUNT])).rows[0].n);
  const mergedMessages = async () => Number((await pool.query('SELECT count(*) AS n FROM "MergedMessage"')).rows[0].n);
  /** Every host sent what it made up to `healedMs` (2xx); the writers stored, and the mergers committed, as many as that. */
  const recovered = async (healedMs: number) => {
    if (hosts.some((h) => h.queue.length > 0 && h.queue[0].madeMs <= healedMs)) return false;
    const made = allAcked().filter((a) => a.item.madeMs <= healedMs);
    const ticks = made.filter((a) => a.item.kind === 'process').length;
    return (await storedMessages()) >= ticks && (await mergedMessages()) >= made.length - ticks;
  };
  const queryAnswers = async () => {
    const res = await fetch(`http://127.0.0.1:${queryPort}/api/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${queryToken}` },
      body: JSON.stringify({ nrql: 'SELECT count(*) FROM ProcessSample SINCE 1 day ago' }),
      signal: AbortSignal.timeout(5000),
    });
    await res.arrayBuffer();
    return res.status === 200;
  };

  // Refusals and early marks are counted since the last settle: each row says what its fault did.
  let refusedBefore = 0;
  let markEarlyBefore = 0;
  /** The fleet stops ticking and drains; every record answered 2xx so far is checked. */
  const settle = async (): Promise<Omit<Row, 'fault' | 'recoverMs'>> => {
    ticking = false;
    progress('settling: the fleet drains');
    await until('every host drained its queue', 90_000, () => hosts.every((h) => h.queue.length === 0));
    const acked = allAcked();
    const processes = acked.filter((a) => a.item.kind === 'process');
    const sketches = acked.filter((a) => a.item.kind === 'sketch');
    await until('the writers stored every tick answered 2xx', 60_000, async () => (await storedMessages()) >= processes.length);
    await until('the mergers committed every sketch answered 2xx', 60_000, async () => (await mergedMessages()) >= sketches.length);
    const rows = await pool.query('SELECT "hostId" AS host, "timestampMs" AS ts, count(*)::int AS n FROM "ProcessSample" WHERE account = $1 GROUP BY 1, 2', [ACCOUNT]);
    const stored = new Map<string, number>(rows.rows.map((r: { host: string; ts: string; n: number }) => [`${r.host}@${r.ts}`, r.n]));
    const windows = await pool.query(
      `SELECT "entity" AS host, "windowStartMs" AS ws, "count"::int AS n FROM "DistributionMetric" WHERE account = $1 AND metric = 'cpuPercent' AND "displayName" = '' AND "granularityMs" = 60000 AND entity <> ''`,
      [ACCOUNT],
    );
    const merged = new Map<string, number>(windows.rows.map((r: { host: string; ws: string; n: number }) => [`${r.host}@${r.ws}`, r.n]));
    let lost = 0;
    let duplicates = 0;
    for (const a of processes) {
      const n = stored.get(`${a.item.host}@${a.item.ts}`) ?? 0;
      if (n < TOP) lost++;
      if (n > TOP) duplicates++;
    }
    for (const a of sketches) {
      const n = merged.get(`${a.item.host}@${a.item.ts}`) ?? 0;
      if (n < SKETCH_VALUES) lost++;
      if (n > SKETCH_VALUES) duplicates++;
    }
    // Stored but never answered 2xx would be a record from nowhere (or a duplicate under another key).
    duplicates += stored.size - new Set(processes.map((a) => `${a.item.host}@${a.item.ts}`)).size;
    duplicates += merged.size - new Set(sketches.map((a) => `${a.item.host}@${a.item.ts}`)).size;
    // The mark: a sketch answered 2xx at or before a mark's time was committed before that mark was read.
    const committed = await pool.query(`SELECT encode("id", 'hex') AS id, "committedMs" AS at FROM "MergedMessage"`);
    const commitMs = new Map<string, number>(committed.rows.map((r: { id: string; at: string }) => [r.id, Number(r.at)]));
    let markEarly = 0;
    for (const m of marks) {
      const markMs = Number(m.ns / 1_000_000n);
      for (const a of sketches) if (a.atMs <= markMs && (commitMs.get(idKey(a.item.id!).toString('hex')) ?? Infinity) > m.atMs) markEarly++;
    }
    const refused = hosts.reduce((s, h) => s + h.refused, 0);
    const resent = refused - refusedBefore;
    refusedBefore = refused;
    const early = markEarly - markEarlyBefore;
    markEarlyBefore = markEarly;
    return { acked: acked.length, resent, lost, duplicates, markEarly: early };
  };

  const killAndRestart = (name: string) => async () => {
    const r = roles.get(name)!;
    r.child.kill('SIGKILL');
    await once(r.child, 'exit');
    await sleep(1000); // RestartSec=1
    await start(name);
  };
  let killedNode = '';
  /** The writers' and mergers' logged failures with PostgreSQL's disk_full (SQLSTATE 53100), per role, in their stderr so far. */
  const diskFullSeen = () =>
    [...roles]
      .filter(([n]) => n.startsWith('writer') || n.startsWith('merger'))
      .map(([n, r]) => [n, r.stderr().split('"code":"53100"').length - 1] as const)
      .filter(([, count]) => count > 0);
  let diskFull = '';
  const faults: [string, () => Promise<void>, (() => Promise<boolean>)?][] = [
    ['kill -9 receiver', killAndRestart('receiver-1')],
    ['kill -9 writer', killAndRestart('writer-1')],
    ['kill -9 merger', killAndRestart('merger-1')],
    ['kill -9 query', killAndRestart('query'), queryAnswers],
    [
      'kill -9 NATS stream leader',
      async () => {
        const leader = await nats.streamLeader('PROC_RAW_V1');
        const meta = await nats.metaLeader();
        killedNode = `${leader.name}${leader === meta ? ', also meta leader' : ''}`;
        await leader.kill9();
        await sleep(1000);
        await leader.restart();
      },
    ],
    ['restart PostgreSQL', () => postgres.crashAndRestart()],
    [
      'restart Redis',
      async () => {
        await redis.kill9();
        await sleep(1000);
        await redis.restart();
      },
    ],
    [
      'disk full (store tablespace)',
      async () => {
        // Fill the tmpfs to the last byte, hold it full while the fleet ingests, then free it.
        const filler = join(small, 'filler');
        const fd = openSync(filler, 'w');
        const chunk = Buffer.alloc(1 << 20);
        try {
          for (;;) writeSync(fd, chunk);
        } catch {}
        try {
          for (;;) writeSync(fd, chunk, 0, 4096);
        } catch {}
        closeSync(fd);
        // Held full until a writer's transaction failed on it with disk_full, the error a full store gives (not
        // a lost connection, not a timeout): what follows is the writers resuming once the space is back.
        await until('a writer logged disk_full (SQLSTATE 53100) while the tablespace was full', 60_000, () => diskFullSeen().some(([n]) => n.startsWith('writer')));
        await sleep(2000);
        diskFull = diskFullSeen()
          .map(([n, count]) => `${n} ${count}`)
          .join(', ');
        rmSync(filler);
      },
    ],
  ];
  const table: Row[] = [];
  /** The table so far, printed and written to var/ (also when a fault did not recover: the rows before it stand). */
  const writeTable = (complete: boolean) => {
    const header =
      '| fault | time to recover (s) | records answered 2xx (so far) | requests refused, then re-sent | lost | duplicates stored | mark ahead of a commit |\n|---|---:|---:|---:|---:|---:|---:|';
    const lines = table.map((r) => `| ${r.fault} | ${(r.recoverMs / 1000).toFixed(1)} | ${r.acked} | ${r.resent} | ${r.lost} | ${r.duplicates} | ${r.markEarly} |`);
    const text = `${header}\n${lines.join('\n')}\n`;
    process.stdout.write(`\n${text}`);
    mkdirSync('var', { recursive: true });
    writeFileSync(
      join('var', 'fault-table.md'),
      `Fault table (test/server/fault-table.soak.test.ts, ${new Date().toISOString()}${complete ? '' : ', stopped at a fault that did not recover'}; ${HOSTS} hosts, a tick every ${TICK_WALL_MS} ms each)\n\n${text}`,
    );
  };
  try {
    ticking = true;
    await sleep(3000);
    table.push({ fault: 'none (steady ingest)', recoverMs: 0, ...(await settle()) });
    progress(JSON.stringify(table[0]));
    for (const [fault, inject, answers] of faults) {
      ticking = true;
      await sleep(1000);
      const at = Date.now();
      progress(`${fault}`);
      await inject();
      progress(`${fault}: healed`);
      const healed = Date.now();
      const why = async () => {
        const waiting = hosts.map((h) => h.queue.filter((i) => i.madeMs <= healed).length).join(' ');
        const due = allAcked().filter((a) => a.item.kind === 'process' && a.item.madeMs <= healed).length;
        const logs = [...roles].map(([n, r]) => `--- ${n}:\n${r.stderr().slice(-1500)}`).join('\n');
        return `waiting per host: ${waiting}; ticks stored ${await storedMessages().catch((e: Error) => e.message)} of ${due}\n${logs}`;
      };
      await until(`${fault}: recovered`, 90_000, async () => (await recovered(healed)) && (answers === undefined || (await answers()))).catch(async (err: Error) => {
        throw new Error(`${err.message}: ${await why()}`);
      });
      const recoverMs = Date.now() - at;
      await sleep(1000);
      const named = fault === 'kill -9 NATS stream leader' ? `${fault} (${killedNode})` : fault.startsWith('disk full') ? `${fault}; 53100 disk_full logged: ${diskFull}` : fault;
      const row = { fault: named, recoverMs, ...(await settle()) };
      table.push(row);
      progress(JSON.stringify(row));
    }
  } finally {
    writeTable(table.length === faults.length + 1);
    running = false;
    ticking = false;
    clearInterval(marker);
    await ticker;
    await Promise.race([Promise.all(senders), sleep(30_000)]);
    await pool.end();
    await mark.close();
    for (const r of roles.values()) r.child.kill('SIGTERM');
    await Promise.all([...roles.values()].map((r) => (r.child.exitCode === null && r.child.signalCode === null ? once(r.child, 'exit') : undefined)));
  }
  expect(table.length).toBe(faults.length + 1);
  for (const r of table) {
    expect({ fault: r.fault, lost: r.lost, duplicates: r.duplicates, markEarly: r.markEarly }).toEqual({ fault: r.fault, lost: 0, duplicates: 0, markEarly: 0 });
  }
  // The faults did refuse something (each was felt), and all of it was re-sent.
  expect(table.reduce((n, r) => n + r.resent, 0)).toBeGreaterThan(0);
}, 360_000);
