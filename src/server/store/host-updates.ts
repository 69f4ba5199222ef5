// What a batch of stored messages tells the Host registry, for both row
// stores (SQLite and PostgreSQL): per (account, host), when it was first and
// last seen in the batch (the receiver's clock), and the latest name, agent
// version and mode a message of it gave. Each store upserts these once per
// batch, after its rows.

import type { TopicMessage } from '../topics/topic-message.js';
import type { MessageRows } from './rows-of-message.js';

export interface HostUpdate {
  readonly account: string;
  readonly hostId: string;
  firstSeenMs: number;
  lastSeenMs: number;
  hostName: string | null;
  agentVersion: string | null;
  mode: string | null;
}

export class HostUpdates {
  private readonly byHost = new Map<string, HostUpdate>();

  /** `m`, stored for the first time, and what its rows told of its host. */
  add(m: TopicMessage, host: MessageRows['host']): void {
    const key = `${m.account}\0${m.entity}`;
    let h = this.byHost.get(key);
    if (h === undefined) {
      h = { account: m.account, hostId: m.entity, firstSeenMs: m.receivedMs, lastSeenMs: m.receivedMs, hostName: null, agentVersion: null, mode: null };
      this.byHost.set(key, h);
    }
    h.firstSeenMs = Math.min(h.firstSeenMs, m.receivedMs);
    h.lastSeenMs = Math.max(h.lastSeenMs, m.receivedMs);
    h.hostName = host.hostName ?? h.hostName;
    h.agentVersion = host.agentVersion ?? h.agentVersion;
    h.mode = host.mode ?? h.mode;
  }

  values(): HostUpdate[] {
    return [...this.byHost.values()];
  }
}
