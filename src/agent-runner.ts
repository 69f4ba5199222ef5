// Keeps an agent running and swaps it when its config file changes: the
// file is polled (fs.watchFile, every config_poll_ms), a change is loaded
// and validated in full first, and only a valid one replaces the agent (the
// old one stops cleanly: its tick finishes, spools are flushed, queues stay
// on disk for the new one). A bad change is refused, logged with the field
// path, counted as an AgentDiagEvent, and the last good config keeps
// running. Every key thus takes effect within a poll and a tick, with
// nothing restarted by hand.

import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { Agent } from './agent.js';
import { loadConfig } from './config/load-config.js';
import type { AgentConfig } from './config/schema.js';

export class AgentRunner {
  private agent: Agent | undefined;
  private generation = 1;
  private swapping: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Changes refused since start. */
  rejected = 0;

  constructor(
    private readonly file: string | undefined,
    private readonly pollMs = 2000,
  ) {}

  get current(): Agent | undefined {
    return this.agent;
  }

  async start(config: AgentConfig): Promise<void> {
    this.agent = await Agent.create(config, { generation: this.generation });
    this.agent.start();
    if (this.file !== undefined) {
      watchFile(this.file, { interval: this.pollMs, persistent: false }, (now: Stats, before: Stats) => {
        if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) this.swapping = this.swapping.then(() => this.reload());
      });
    }
  }

  private async reload(): Promise<void> {
    if (this.stopped || this.agent === undefined) return;
    const old = this.agent;
    let config: AgentConfig;
    try {
      config = loadConfig(this.file);
    } catch (err) {
      this.rejected++;
      const reason = (err as Error).message;
      old.log.error({ reason }, 'config change refused; the last good config keeps running');
      old.diag.emit({ module: 'config', eventType: 'rejected', reason });
      return;
    }
    await old.stop();
    this.generation++;
    this.agent = await Agent.create(config, { generation: this.generation });
    this.agent.start();
    this.agent.log.info({ generation: this.generation }, 'config reloaded');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.file !== undefined) unwatchFile(this.file);
    await this.swapping;
    await this.agent?.stop();
  }
}
