// The scale-out topics: NATS JetStream (nats-server 2.9, Debian's), one
// stream per topic, one subject per partition, one durable pull consumer per
// (consumer group, topic, partition). The same object is the receiver's
// TopicProducer and the writer's TopicConsumer; a receiver-only process
// never pulls, so it never creates a consumer.
//
// Streams: name PROC_RAW_V1 / PROC_SKETCH_V1 (a stream name has no dots),
// subjects `<topic>.<partition>` (proc.raw.v1.0 … proc.raw.v1.<P-1>), file
// storage, `replicas` copies, WorkQueue retention: a message leaves the
// stream when a consumer acks it, so the stream's state IS the backlog the
// receiver's back-pressure reads. WorkQueue allows several consumers only on
// disjoint subjects, which one durable per partition is; two writers that
// pull the same partition share its durable and split its messages.
//
// Durability: publish() resolves after every message's PubAck, i.e. once
// the stream (all its replicas: the ack waits for the RAFT quorum when
// replicas > 1) stored it. nats-server 2.9 writes the file store without an
// fsync per message (it syncs every 2 min; `sync_always` came with 2.10):
// with replicas = 1 a PubAck survives a kill -9 of nats-server, not a power
// cut of its machine; production runs replicas = 3 on three machines.
//
// Dedupe: every message is published with Nats-Msg-Id = TopicMessage.id;
// the stream drops a second one within its duplicate window (the PubAck says
// `duplicate`, and publish() resolves: a retry is not an error). Past the
// window the writer's idempotence (RowStore.writeBatch) still stores it once.
//
// Envelope: the NATS payload is TopicMessage.body, byte for byte; every other
// field travels as a header:
//   Nats-Msg-Id       id
//   IW-Account        account, percent-encoded (encodeURIComponent)
//   IW-Entity         entity, percent-encoded
//   IW-Kind           kind
//   IW-Partition      partition (decimal; also the subject's last token)
//   IW-Timestamp-Ms   timestampMs (decimal)
//   IW-Received-Ms    receivedMs (decimal)
// A delivery's receivedMs is never earlier than the time the stream stored
// it (its ack subject's timestamp): a publish the client held through a
// reconnect can land after the receiver gave up on it, stamped long before,
// and a high-water mark that drained the partition meanwhile would pass it
// (the fault table's NATS leader kill showed it once).
// A delivery whose headers do not parse is acked (dropped) and counted in
// `malformed`: it is no TopicMessage, and redelivering it forever would stop
// its partition.
//
// Pull: JetStream's own fetch() waits for a full batch (or its expiry, 1 s at
// the least), which the contract forbids. pull() sends raw pull requests
// with no_wait (what is there now, at once) to each owned partition's
// durable in turn, starting at a rotating partition; when all are empty it
// waits for a "doorbell" (a plain subscription on the topic's subjects,
// which sees every publish) or `waitMs`, then sweeps once more. Only that
// sweep takes messages out; the doorbell only wakes.
//
// Acks are sent as requests (JetStream answers each once applied), so ack()
// resolves when the server has them; release() and close() NAK, which
// redelivers at once; working() sends +WPI, which restarts a delivery's ack
// wait (the merger holds a window's deliveries longer than it). A consumer
// that dies without close() gets its unacked messages back after the
// consumer's ack wait (`ackWaitMs`) from the last ack or +WPI.

import { connect, createInbox, headers, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import type { Delivery, TopicConsumer } from './topic-consumer.js';
import { type MessageKind, TOPIC_NAMES, type TopicMessage, type TopicName } from './topic-message.js';
import type { TopicBacklog, TopicProducer } from './topic-producer.js';

export interface NatsTopicOptions {
  /** nats-server addresses, host:port (or nats://host:port). */
  readonly servers: readonly string[];
  /** P, partitions per topic (server.yaml topics.partitions). */
  readonly partitions: number;
  /** Copies of each stream (1, or 3 on a cluster). */
  readonly replicas: number;
  /** The streams' dedupe window: a message id seen within it is stored once. */
  readonly duplicateWindowMs: number;
  /** A message pulled and not acked within this is delivered again. */
  readonly ackWaitMs: number;
  /** The consumer group: durables are named <group>_<STREAM>_p<partition>. */
  readonly group: string;
  /** How often backlog() is refreshed from the streams' info. */
  readonly backlogRefreshMs: number;
  /** A publish not acked by the stream within this rejects (the receiver answers 503). */
  readonly publishTimeoutMs: number;
  /** The connection's name, as nats-server's monitoring shows it. */
  readonly name: string;
}

export const DEFAULT_NATS_OPTIONS: Omit<NatsTopicOptions, 'servers' | 'partitions'> = {
  replicas: 1,
  duplicateWindowMs: 120_000,
  ackWaitMs: 30_000,
  group: 'writer',
  backlogRefreshMs: 1_000,
  publishTimeoutMs: 10_000,
  name: 'infrawatch',
};

const URL_PARAMS: Readonly<Record<string, keyof typeof DEFAULT_NATS_OPTIONS>> = {
  replicas: 'replicas',
  duplicate_window_ms: 'duplicateWindowMs',
  ack_wait_ms: 'ackWaitMs',
  group: 'group',
  backlog_refresh_ms: 'backlogRefreshMs',
  publish_timeout_ms: 'publishTimeoutMs',
};

/**
 * The options of a `bus:` URL: nats://host:port[,nats://host2:port…][?replicas=3
 * &duplicate_window_ms=120000&ack_wait_ms=30000&group=writer&backlog_refresh_ms=1000
 * &publish_timeout_ms=10000]. Unknown parameters are refused.
 */
export function natsOptionsOfUrl(url: string, partitions: number): NatsTopicOptions {
  const q = url.indexOf('?');
  const list = q < 0 ? url : url.slice(0, q);
  const servers = list
    .split(',')
    .map((s) => s.trim().replace(/^nats:\/\//, ''))
    .filter((s) => s !== '');
  if (servers.length === 0) throw new Error('topics.bus: a nats:// URL names no server');
  const out: Record<string, unknown> = { ...DEFAULT_NATS_OPTIONS, servers, partitions };
  if (q >= 0) {
    for (const [key, value] of new URLSearchParams(url.slice(q + 1))) {
      const field = URL_PARAMS[key];
      if (field === undefined) throw new Error(`topics.bus: unknown parameter ${JSON.stringify(key.slice(0, 40))} (known: ${Object.keys(URL_PARAMS).join(', ')})`);
      if (field === 'group') {
        if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) throw new Error('topics.bus: group must be 1 to 64 of A-Z a-z 0-9 _ -');
        out[field] = value;
      } else {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1) throw new Error(`topics.bus: ${key} must be a positive integer`);
        out[field] = n;
      }
    }
  }
  return out as unknown as NatsTopicOptions;
}

/** The stream of a topic: its name without dots, upper case. */
export function streamOf(topic: TopicName): string {
  return topic.replaceAll('.', '_').toUpperCase();
}

export function subjectOf(topic: TopicName, partition: number): string {
  return `${topic}.${partition}`;
}

const NS_PER_MS = 1_000_000;
const KINDS: ReadonlySet<string> = new Set<MessageKind>(['register', 'system', 'process', 'snapshot', 'diag', 'metric', 'sketch']);

/** A JetStream delivery's handle: the ack subject, which names the consumer and the sequence. */
interface NatsHandle {
  readonly reply: string;
}

function headersOf(m: TopicMessage): MsgHdrs {
  const h = headers();
  h.set('IW-Account', encodeURIComponent(m.account));
  h.set('IW-Entity', encodeURIComponent(m.entity));
  h.set('IW-Kind', m.kind);
  h.set('IW-Partition', String(m.partition));
  h.set('IW-Timestamp-Ms', String(m.timestampMs));
  h.set('IW-Received-Ms', String(m.receivedMs));
  return h;
}

/** The TopicMessage a delivery carries, or undefined when its headers are not ours. */
export function messageOfMsg(msg: Msg): TopicMessage | undefined {
  const h = msg.headers;
  if (h === undefined) return undefined;
  try {
    const id = h.get('Nats-Msg-Id');
    const kind = h.get('IW-Kind');
    const partition = Number(h.get('IW-Partition'));
    const timestampMs = Number(h.get('IW-Timestamp-Ms'));
    const stamped = Number(h.get('IW-Received-Ms'));
    if (id === '' || !KINDS.has(kind) || !Number.isInteger(partition) || !Number.isFinite(timestampMs) || !Number.isFinite(stamped)) return undefined;
    const receivedMs = Math.max(stamped, storedMsOf(msg.reply));
    return {
      id,
      account: decodeURIComponent(h.get('IW-Account')),
      entity: decodeURIComponent(h.get('IW-Entity')),
      kind: kind as MessageKind,
      partition,
      timestampMs,
      receivedMs,
      body: msg.data,
    };
  } catch {
    return undefined;
  }
}

/**
 * When the stream stored a delivery, Unix ms, from its ack subject:
 * $JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ns>.<pending>, or
 * with a domain and account hash after ACK (12 tokens); 0 when it has none.
 */
export function storedMsOf(reply: string | undefined): number {
  if (reply === undefined) return 0;
  const t = reply.split('.');
  const ns = t.length === 9 ? t[7] : t.length >= 12 ? t[9] : undefined;
  if (ns === undefined || !/^\d+$/.test(ns)) return 0;
  return Number(BigInt(ns) / 1_000_000n);
}

/** A status message (404 no messages, 408 request timeout, 409 …) ends a pull request. */
function statusOf(msg: Msg): number {
  return msg.headers?.code ?? 0;
}

export class NatsTopics implements TopicProducer, TopicConsumer {
  private readonly backlogs = new Map<TopicName, TopicBacklog>();
  private readonly durables = new Map<string, Promise<void>>();
  private readonly rotation = new Map<TopicName, number>();
  /** Ack subjects pulled and neither acked nor released: NAK'd by close(). */
  private readonly outstanding = new Set<string>();
  private readonly publishing = new Set<Promise<unknown>>();
  private readonly wakers = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Deliveries whose headers did not parse: acked and dropped (for /metrics). */
  malformed = 0;
  /** Publishes the stream reported as duplicates (an agent's retry, a receiver's re-publish). */
  duplicates = 0;
  /** The last error of the background backlog refresh, if the last refresh failed. */
  backlogError: Error | undefined;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    readonly options: NatsTopicOptions,
  ) {
    for (const topic of TOPIC_NAMES) this.backlogs.set(topic, { messages: 0, bytes: 0 });
  }

  /** Connects, creates (or updates) both streams, and reads their backlog once. */
  static async open(options: NatsTopicOptions): Promise<NatsTopics> {
    const nc = await connect({ servers: [...options.servers], name: options.name, maxReconnectAttempts: -1 });
    try {
      const jsm = await jetstreamManager(nc);
      const topics = new NatsTopics(nc, jsm, jetstream(nc, { timeout: options.publishTimeoutMs }), options);
      for (const topic of TOPIC_NAMES) await topics.ensureStream(topic);
      await topics.refreshBacklog();
      topics.timer = setInterval(() => void topics.refreshBacklog(), options.backlogRefreshMs);
      topics.timer.unref();
      return topics;
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  private async ensureStream(topic: TopicName): Promise<void> {
    const config: Partial<StreamConfig> & { name: string } = {
      name: streamOf(topic),
      subjects: [`${topic}.*`],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      num_replicas: this.options.replicas,
      duplicate_window: this.options.duplicateWindowMs * NS_PER_MS,
    };
    try {
      await this.jsm.streams.add(config);
    } catch {
      // It exists with another configuration (replicas, window): bring it to this one.
      const { name, retention: _r, storage: _s, ...update } = config;
      await this.jsm.streams.update(name, update);
    }
  }

  private durableOf(topic: TopicName, partition: number): string {
    return `${this.options.group}_${streamOf(topic)}_p${partition}`;
  }

  private ensureDurable(topic: TopicName, partition: number): Promise<void> {
    const name = this.durableOf(topic, partition);
    let p = this.durables.get(name);
    if (p === undefined) {
      const config = {
        durable_name: name,
        filter_subject: subjectOf(topic, partition),
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: this.options.ackWaitMs * NS_PER_MS,
        max_ack_pending: 20_000,
      };
      p = this.jsm.consumers.add(streamOf(topic), config).then(
        () => undefined,
        async () => {
          await this.jsm.consumers.update(streamOf(topic), name, { ack_wait: config.ack_wait, max_ack_pending: config.max_ack_pending });
        },
      );
      p.catch(() => this.durables.delete(name));
      this.durables.set(name, p);
    }
    return p;
  }

  publish(topic: TopicName, messages: readonly TopicMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('nats topics closed'));
    const all = Promise.all(
      messages.map(async (m) => {
        const ack = await this.js.publish(subjectOf(topic, m.partition), m.body, { msgID: m.id, headers: headersOf(m), timeout: this.options.publishTimeoutMs });
        if (ack.duplicate) this.duplicates++;
      }),
    );
    this.publishing.add(all);
    const done = () => this.publishing.delete(all);
    all.then(done, done);
    return all.then(() => undefined);
  }

  backlog(topic: TopicName): TopicBacklog {
    return this.backlogs.get(topic)!;
  }

  /** Reads both streams' state (never on a request's path: the timer calls it). */
  async refreshBacklog(): Promise<void> {
    try {
      for (const topic of TOPIC_NAMES) {
        const info = await this.jsm.streams.info(streamOf(topic));
        this.backlogs.set(topic, { messages: info.state.messages, bytes: info.state.bytes });
      }
      this.backlogError = undefined;
    } catch (err) {
      this.backlogError = err as Error;
    }
  }

  async pull(topic: TopicName, partitions: readonly number[], max: number, waitMs: number): Promise<Delivery[]> {
    if (this.closed || partitions.length === 0 || max <= 0) return [];
    await Promise.all(partitions.map((k) => this.ensureDurable(topic, k)));
    let out = await this.sweep(topic, partitions, max);
    if (out.length > 0 || waitMs <= 0) return out;
    // Nothing now: ring the doorbell on a publish to an owned partition, or give up after waitMs.
    const owned = new Set(partitions.map((k) => subjectOf(topic, k)));
    let wake: () => void = () => {};
    const rung = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const doorbell = this.nc.subscribe(`${topic}.*`, {
      callback: (_err, msg) => {
        if (owned.has(msg.subject)) wake();
      },
    });
    this.wakers.add(wake);
    try {
      await this.nc.flush();
      out = await this.sweep(topic, partitions, max);
      if (out.length > 0) return out;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([rung, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
      clearTimeout(timer);
    } finally {
      doorbell.unsubscribe();
      this.wakers.delete(wake);
    }
    return this.sweep(topic, partitions, max);
  }

  /** What the owned partitions hold now, up to `max`, from a rotating first partition. */
  private async sweep(topic: TopicName, partitions: readonly number[], max: number): Promise<Delivery[]> {
    const out: Delivery[] = [];
    const start = (this.rotation.get(topic) ?? 0) % partitions.length;
    this.rotation.set(topic, start + 1);
    for (let i = 0; i < partitions.length && out.length < max && !this.closed; i++) {
      const k = partitions[(start + i) % partitions.length];
      const msgs = await this.pullNoWait(topic, k, max - out.length);
      for (const msg of msgs) {
        const message = messageOfMsg(msg);
        if (message === undefined) {
          this.malformed++;
          await this.nc.request(msg.reply!, '+ACK', { timeout: this.options.publishTimeoutMs }).catch(() => undefined);
          continue;
        }
        this.outstanding.add(msg.reply!);
        out.push({ message, handle: { reply: msg.reply! } satisfies NatsHandle });
      }
    }
    return out;
  }

  /** One pull request with no_wait: the messages the durable has for us now, ended by a status. */
  private pullNoWait(topic: TopicName, partition: number, batch: number): Promise<Msg[]> {
    const inbox = createInbox();
    const got: Msg[] = [];
    return new Promise<Msg[]>((resolve, reject) => {
      let sub: Subscription | undefined;
      const finish = (err?: Error) => {
        clearTimeout(timer);
        sub?.unsubscribe();
        if (err) reject(err);
        else resolve(got);
      };
      const timer = setTimeout(() => finish(got.length > 0 ? undefined : new Error(`pull from ${this.durableOf(topic, partition)}: no answer`)), this.options.publishTimeoutMs);
      sub = this.nc.subscribe(inbox, {
        callback: (err, msg) => {
          if (err) return finish(err);
          const status = statusOf(msg);
          if (status !== 0 || !msg.reply) return finish();
          got.push(msg);
          if (got.length >= batch) finish();
        },
      });
      this.nc.publish(`$JS.API.CONSUMER.MSG.NEXT.${streamOf(topic)}.${this.durableOf(topic, partition)}`, JSON.stringify({ batch, no_wait: true }), { reply: inbox });
    });
  }

  async ack(_topic: TopicName, deliveries: readonly Delivery[]): Promise<void> {
    await Promise.all(
      deliveries.map(async (d) => {
        const { reply } = d.handle as NatsHandle;
        await this.nc.request(reply, '+ACK', { timeout: this.options.publishTimeoutMs });
        this.outstanding.delete(reply);
      }),
    );
  }

  release(_topic: TopicName, deliveries: readonly Delivery[]): void {
    for (const d of deliveries) {
      const { reply } = d.handle as NatsHandle;
      this.outstanding.delete(reply);
      if (!this.nc.isClosed()) this.nc.publish(reply, '-NAK');
    }
  }

  working(_topic: TopicName, deliveries: readonly Delivery[]): void {
    if (this.nc.isClosed()) return;
    // Fire and forget, as a NAK: one lost costs a redelivery, which the merger holds once (same id).
    for (const d of deliveries) this.nc.publish((d.handle as NatsHandle).reply, '+WPI');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    for (const wake of this.wakers) wake();
    await Promise.allSettled([...this.publishing]);
    // What this consumer pulled and did not ack comes again at once, not after the ack wait.
    for (const reply of this.outstanding) this.nc.publish(reply, '-NAK');
    this.outstanding.clear();
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}
