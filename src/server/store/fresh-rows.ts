// Which of a message's rows are new: the idempotence rule both row stores
// apply, in the transaction that writes the rows. A message is stored
// under its id (its content's: messageIdOf), once; a metric message's
// MetricSample rows each under their point's id (metricPointIdOf), so a
// point is stored once whichever message carried it: the receiver's
// grouping of points into messages changed (one a point, then one a
// resource and time), and an agent's retry may reach a receiver of the
// other kind.

import type { TopicMessage } from '../topics/topic-message.js';
import type { MessageRows, Row } from './rows-of-message.js';

/** The ids the store remembers for `m` (decoded as `rows`; undefined: undecodable, kept under its id so its redelivery is a duplicate). */
export function storedIdsOf(m: TopicMessage, rows: MessageRows | undefined): readonly string[] {
  return rows?.pointIds ?? [m.id];
}

/**
 * The rows of `m` to write, given `isNew`, which records an id and says
 * whether it was not stored before (called once per id of storedIdsOf, in
 * order): 'duplicate' when nothing is new, 'undecodable' when the body did
 * not decode and its id is new.
 */
export function freshRowsOf(m: TopicMessage, rows: MessageRows | undefined, isNew: (id: string) => boolean): MessageRows | 'duplicate' | 'undecodable' {
  const pointIds = rows?.pointIds;
  if (rows === undefined || pointIds === undefined) {
    if (!isNew(m.id)) return 'duplicate';
    return rows ?? 'undecodable';
  }
  const points = rows.rows.MetricSample ?? [];
  const kept: Row[] = [];
  for (let i = 0; i < points.length; i++) if (isNew(pointIds[i])) kept.push(points[i]);
  if (kept.length === 0) return 'duplicate';
  return kept.length === points.length ? rows : { ...rows, rows: { ...rows.rows, MetricSample: kept } };
}
