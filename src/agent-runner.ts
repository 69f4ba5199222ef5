// Keeps one agent running and feeds it every config change. The config in
// force is three layers, later ones winning key by key: the config file
// (watched with inotify, and read on SIGHUP), the fleet's config for this host (GET
// {api_url}/agents/{host_id}/config every config_poll_seconds, with ETag),
// and the local changes made by PATCH /config on the health listener. A
// change is validated in full first, on the merged layers; a bad one is
// refused with every field path, logged, counted and sent as an
// AgentDiagEvent, and the last good config keeps running. A good one is
// applied between two ticks (Agent.reconfigure), rebuilding only what it
// touches: no tick is missed and nothing queued is lost.

import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Agent, type AgentOptions } from './agent.js';
import { changed } from './config/config-diff.js';
import { FleetConfigClient } from './config/fleet-config.js';
import { readConfigDocument, refuseReadableToken, TOKEN_KEYS, validateConfig } from './config/load-config.js';
import { CONFIG_SPEC, localOnlyKeysIn, remotePatternProblems, type AgentConfig } from './config/schema.js';
import type { ConfigChangeResult } from './health/health-server.js';
import { hostIdOf } from './host-id.js';

type Source = 'file' | 'fleet' | 'patch';
type Layers = Record<Source, Record<string, unknown>>;

const ALL_KEYS = Object.keys(CONFIG_SPEC) as (keyof AgentConfig)[];

export class AgentRunner {
  private agent: Agent | undefined;
  private config: AgentConfig | undefined;
  private layers: Layers = { file: {}, fleet: {}, patch: {} };
  private generation = 1;
  /** Changes are taken one at a time, in the order they came. */
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private fleet: FleetConfigClient | undefined;
  private watcher: FSWatcher | undefined;
  private fleetTimer: NodeJS.Timeout | undefined;
  private lastFleetError: string | undefined;
  /** Changes by "source/result": applied, unchanged, rejected, refused_local_only, failed (and unreachable for the fleet). */
  readonly changes = new Map<string, number>();
  private lastChangeOk = true;

  constructor(
    private readonly file: string | undefined,
    private readonly options: AgentOptions & {
      /** A change of the file is read this long after the last event (an editor writes in several steps); default 200 ms. */
      readonly settleMs?: number;
    } = {},
  ) {}

  get current(): Agent | undefined {
    return this.agent;
  }

  /** Loads the file (throws IW_ERR_CONFIG, naming every bad field), starts the agent and the config sources. */
  async start(): Promise<void> {
    this.layers.file = readConfigDocument(this.file);
    const config = this.validated(this.layers, this.file ?? 'the embedded defaults');
    const agent = await Agent.create(config, this.options);
    this.agent = agent;
    this.config = config;
    agent.onConfigPatch = (doc) => this.enqueue(() => this.changeRemote('patch', doc, (layers) => ({ ...layers, patch: mergePatch(layers.patch, doc) })));
    this.registerMetrics(agent);
    agent.start();
    if (this.file !== undefined) this.watchFile(this.file);
    this.scheduleFleetPoll(0);
  }

  /**
   * Watches the config file's folder (inotify), not the file: an editor or
   * a config manager replaces the file by a rename, which a watch on the
   * file itself would lose. It wakes the agent only when the folder
   * changes; the 2 s stat poll it replaces woke the main thread and a
   * thread-pool thread every 2 s, idle or not. (A folder on a file system
   * without inotify, NFS, gets no events: SIGHUP still reads the file.)
   */
  private watchFile(file: string): void {
    const name = basename(file);
    let settle: NodeJS.Timeout | undefined;
    try {
      this.watcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
        if (changed !== null && changed !== name) return;
        if (settle !== undefined) clearTimeout(settle);
        settle = setTimeout(() => void this.reloadFile(), this.options.settleMs ?? 200);
        settle.unref();
      });
      this.watcher.on('error', (err) => this.agent?.log.warn({ err: err.message, file }, 'config file watch failed; SIGHUP still reads the file'));
    } catch (err) {
      this.agent?.log.warn({ err: (err as Error).message, file }, 'config file not watched; SIGHUP reads it');
    }
  }

  /** Reads the config file again now (SIGHUP; the watch does the same when the file changes). */
  reloadFile(): Promise<ConfigChangeResult> {
    const file = this.file;
    if (file === undefined) return Promise.resolve({ ok: true, generation: this.generation });
    return this.enqueue(() => this.change('file', (layers) => ({ ...layers, file: readConfigDocument(file) })));
  }

  private registerMetrics(agent: Agent): void {
    agent.metrics.register('agent_config_changes_total', 'counter', 'config changes by source (file, fleet, patch) and result (applied, unchanged, rejected, refused_local_only, failed, unreachable)', () =>
      [...this.changes].map(([key, n]) => {
        const [source, result] = key.split('/');
        return [{ source, result }, n] as const;
      }),
    );
    agent.metrics.single('agent_config_last_change_success', 'gauge', '1 if the last config change was taken, 0 if it was refused', () => (this.lastChangeOk ? 1 : 0));
  }

  private validated(layers: Layers, source: string): AgentConfig {
    const config = validateConfig({ ...layers.file, ...layers.fleet, ...layers.patch }, source);
    const fileHasToken = TOKEN_KEYS.some((k) => typeof layers.file[k] === 'string' && layers.file[k] !== '');
    if (this.file !== undefined && fileHasToken) refuseReadableToken(config, this.file);
    return config;
  }

  private enqueue(fn: () => Promise<ConfigChangeResult>): Promise<ConfigChangeResult> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => {});
    return run;
  }

  private count(source: Source, result: string): void {
    const key = `${source}/${result}`;
    this.changes.set(key, (this.changes.get(key) ?? 0) + 1);
  }

  private where(source: Source): string {
    return source === 'file' ? this.file! : source === 'fleet' ? `GET ${this.fleet?.url}` : 'PATCH /config';
  }

  /**
   * A change from the network (the fleet's document, PATCH /config): one
   * that names a key only the config file may set (see CONFIG_SCOPE) is
   * refused whole before anything else is looked at.
   */
  private async changeRemote(source: 'fleet' | 'patch', doc: Record<string, unknown>, update: (layers: Layers) => Layers): Promise<ConfigChangeResult> {
    const agent = this.agent;
    const named = localOnlyKeysIn(doc);
    if (agent !== undefined && named.length > 0) {
      this.count(source, 'refused_local_only');
      this.lastChangeOk = false;
      const reason = `${this.where(source)}: refused whole: ${named.join(', ')} may be set only in the config file on the host`;
      agent.log.error({ source, keys: named }, `${reason}; the last good config keeps running`);
      agent.diag.emit({ module: 'config', eventType: 'local_only_refused', reason });
      return { ok: false, problems: reason, forbidden: true };
    }
    // A pattern the network may not set is refused like any bad value, with its field path.
    const patterns = remotePatternProblems(doc);
    return this.change(source, (layers) => {
      const next = update(layers);
      if (patterns.length > 0) {
        let problems = `${this.where(source)}: ${patterns.join('; ')}`;
        try {
          this.validated(next, this.where(source));
        } catch (err) {
          problems = `${(err as Error).message}; ${patterns.join('; ')}`; // every problem at once
        }
        throw new Error(problems);
      }
      return next;
    });
  }

  /** Validates the layers `update` makes; applies them if they are good. */
  private async change(source: Source, update: (layers: Layers) => Layers): Promise<ConfigChangeResult> {
    const agent = this.agent;
    if (this.stopped || agent === undefined || this.config === undefined) return { ok: false, problems: 'the agent is stopping' };
    const where = this.where(source);
    let layers: Layers;
    let next: AgentConfig;
    try {
      layers = update(this.layers);
      next = this.validated(layers, where);
    } catch (err) {
      this.count(source, 'rejected');
      this.lastChangeOk = false;
      const reason = (err as Error).message;
      agent.log.error({ source, reason }, 'config change refused; the last good config keeps running');
      agent.diag.emit({ module: 'config', eventType: 'rejected', reason });
      return { ok: false, problems: reason };
    }
    this.layers = layers;
    this.lastChangeOk = true;
    if (!changed(this.config, next, ALL_KEYS)) {
      // The same config; a filter plugin's file may have been rebuilt and signed again at the same path.
      if (source === 'file') return this.reloadFilters(agent, where);
      this.count(source, 'unchanged');
      return { ok: true, generation: this.generation };
    }
    const generation = this.generation + 1;
    try {
      await agent.reconfigure(next, generation);
    } catch (err) {
      this.count(source, 'failed');
      this.lastChangeOk = false;
      const reason = `${where}: ${(err as Error).message}`;
      agent.log.error({ source, reason }, 'config change could not be applied; the last good config keeps running');
      agent.diag.emit({ module: 'config', eventType: 'apply_failed', reason });
      return { ok: false, problems: reason };
    }
    this.generation = generation;
    this.config = next;
    this.count(source, 'applied');
    agent.log.info({ generation, source }, 'config reloaded');
    this.scheduleFleetPoll(next.config_poll_seconds * 1000);
    return { ok: true, generation };
  }

  private async reloadFilters(agent: Agent, where: string): Promise<ConfigChangeResult> {
    try {
      this.count('file', (await agent.reloadFilters()) ? 'applied' : 'unchanged');
      return { ok: true, generation: this.generation };
    } catch (err) {
      this.count('file', 'failed');
      this.lastChangeOk = false;
      const reason = `${where}: ${(err as Error).message}`;
      agent.log.error({ source: 'file', reason }, 'filter plugins could not be read again; the last good set keeps running');
      agent.diag.emit({ module: 'config', eventType: 'apply_failed', reason });
      return { ok: false, problems: reason };
    }
  }

  /** The next fleet poll, if api_url is set (the URL and token follow the config in force). */
  private scheduleFleetPoll(delayMs: number): void {
    if (this.fleetTimer !== undefined) clearTimeout(this.fleetTimer);
    this.fleetTimer = undefined;
    const config = this.config;
    if (this.stopped || config === undefined || config.api_url === '') {
      this.fleet = undefined;
      return;
    }
    const url = `${config.api_url.replace(/\/+$/, '')}/agents/${encodeURIComponent(hostIdOf(config.host_id, config.host_root))}/config`;
    if (this.fleet?.url !== url) this.fleet = new FleetConfigClient(url, config.auth_token);
    this.fleetTimer = setTimeout(() => void this.pollFleet(), delayMs);
    this.fleetTimer.unref();
  }

  private async pollFleet(): Promise<void> {
    const fleet = this.fleet;
    if (fleet === undefined || this.stopped) return;
    try {
      const answer = await fleet.poll();
      this.lastFleetError = undefined;
      if (answer.changed) await this.enqueue(() => this.changeRemote('fleet', answer.doc, (layers) => ({ ...layers, fleet: answer.doc })));
    } catch (err) {
      const reason = (err as Error).message;
      this.count('fleet', 'unreachable');
      // One log line per distinct failure, not one per poll.
      if (reason !== this.lastFleetError) this.agent?.log.warn({ reason }, 'fleet config poll failed; the config in force stays');
      this.lastFleetError = reason;
    }
    this.scheduleFleetPoll((this.config?.config_poll_seconds ?? 15) * 1000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watcher?.close();
    if (this.fleetTimer !== undefined) clearTimeout(this.fleetTimer);
    await this.queue;
    await this.agent?.stop();
  }
}

/**
 * JSON merge patch (RFC 7386) at the top level: a key set to null goes back
 * to the lower layers. Keys are defined, not assigned: a "__proto__" key
 * stays a key (refused by the validation as unknown) instead of quietly
 * becoming the layer's prototype.
 */
function mergePatch(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
