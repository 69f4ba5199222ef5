// The messages between the receiver's thread and the embedded merger's
// thread (merger-thread.ts, merger-worker.ts), named in one module both
// import. As for the writer, the receiver's thread relays the merger's acks
// to the topics thread and the topics thread's wake-ups to the merger; it
// also relays the sketch topic's backlog, which the merger reads to know
// that it holds every unacked message (merger.ts: exactBacklog).

import type { ServerConfig } from '../config/server-config.js';
import type { AckAnswer, AckRequest } from '../topics/relayed-acks.js';
import type { MergerCounts } from './merger.js';

export interface MergerWorkerData {
  readonly topicsPath: string;
  readonly sketchesPath: string;
  readonly config: ServerConfig;
  /** The sketch topic's unacked messages when the thread starts. */
  readonly backlogMessages: number;
}

/** What /metrics shows of the merger (registerMergerMetrics), as its thread reported it last. */
export interface MergerFigures {
  readonly counts: MergerCounts;
  readonly openWindows: number;
  readonly stateBytes: number;
  /** Per account, the mark last advanced (ns). */
  readonly marks: ReadonlyMap<string, bigint>;
}

/** Receiver's thread → merger's thread. */
export type ToMerger = { readonly type: 'wake' } | { readonly type: 'backlog'; readonly messages: number } | AckAnswer | { readonly type: 'stop' };

/** Merger's thread → receiver's thread. */
export type FromMerger =
  | { readonly type: 'ready'; readonly figures: MergerFigures }
  | AckRequest
  | { readonly type: 'figures'; readonly figures: MergerFigures }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'stopped' };
