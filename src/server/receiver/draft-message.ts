// A message as a decoder makes it: the content, before the ingest core
// stamps the account (from the token), the id, the partition and the time
// of receipt. Decoders never see the token; the core checks each draft's
// entity against the token's host.

import type { MessageKind } from '../topics/topic-message.js';

export interface DraftMessage {
  /** The host the data names (body host_id, envelope entity_guid, resource host.id). */
  readonly entity: string;
  readonly kind: MessageKind;
  readonly timestampMs: number;
  /** Tells apart messages of one kind at one instant (messageIdOf). */
  readonly key: string;
  readonly body: Uint8Array;
  /** Records it holds (rows, points, events): what the accepted counter counts. */
  readonly records: number;
}

/** What a decoder returns: drafts, or what was wrong with the body. */
export type Decoded =
  | {
      readonly ok: true;
      readonly drafts: DraftMessage[];
      readonly rejectedDataPoints: number;
      readonly droppedAttributes: number;
      readonly warning: string;
    }
  | { readonly ok: false; readonly reason: string; readonly message: string };

export function decoded(drafts: DraftMessage[], extra?: { rejectedDataPoints?: number; droppedAttributes?: number; warning?: string }): Decoded {
  return { ok: true, drafts, rejectedDataPoints: extra?.rejectedDataPoints ?? 0, droppedAttributes: extra?.droppedAttributes ?? 0, warning: extra?.warning ?? '' };
}

export function malformed(reason: string, message: string): Decoded {
  return { ok: false, reason, message };
}
