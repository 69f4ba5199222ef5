// The fleet rules and host labels, durable: their own small SQLite file,
// fleet.db beside the embedded store's file (store.path), not a table of
// the store. The rows file takes the ingest's fsync'd commits and its
// schema belongs to the store; the rules are a few rows an admin changes
// by hand, from another process (`infrawatch fleet …` on the server host)
// while the server answers agents from them. WAL lets both processes open
// it at once; the server notices another process's commit by PRAGMA
// data_version (a counter SQLite bumps when another connection commits)
// and reads the rules again only then, so a poll costs one pragma.
//
// The query router's mode per account (RouterMode) lives here too: the
// same admin, the same file, the same notice of a change, so the
// roll-out's W-8 step (router default SKETCH) is a fleet switch like the
// others, read by the query side on every query (a pragma when nothing
// changed, so a switch holds from the next query on).

import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { InfraWatchError } from '../../errors.js';
import { type QueryMode, QUERY_MODES } from '../query/query-result.js';
import { type Cohort, type FleetDocument, type FleetRule, type HostLabels, checkRule, documentFor, inOrder } from './fleet-rule.js';

/** fleet.db beside the store's file. */
export function fleetPathOf(storePath: string): string {
  return join(dirname(storePath), 'fleet.db');
}

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS FleetRule (
  account TEXT NOT NULL,
  id TEXT NOT NULL,
  priority INTEGER NOT NULL,
  cohort TEXT NOT NULL,
  keys TEXT NOT NULL,
  updatedMs INTEGER NOT NULL,
  PRIMARY KEY (account, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS RouterMode (
  account TEXT PRIMARY KEY,
  mode TEXT NOT NULL,
  updatedMs INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS HostLabel (
  account TEXT NOT NULL,
  hostId TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (account, hostId, key)
) WITHOUT ROWID;
`;

interface RuleRow {
  account: string;
  id: string;
  priority: number;
  cohort: string;
  keys: string;
  updatedMs: number;
}

export interface RuleInput {
  readonly id: string;
  readonly account: string;
  readonly cohort: Cohort;
  readonly keys: Readonly<Record<string, unknown>>;
  readonly priority: number;
}

export class FleetStore {
  private readonly db: Database.Database;
  /** Rules and labels per account, read again when the file changed (data_version) or this connection wrote. */
  private cache = new Map<string, { rules: FleetRule[]; labels: Map<string, Record<string, string>>; routerMode: QueryMode | undefined }>();
  private seenVersion = -1;

  constructor(readonly path: string) {
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.db = new Database(path);
    } catch (err) {
      throw new InfraWatchError('IW_ERR_CONFIG', `fleet rules file ${path}: cannot open: ${(err as Error).message}`, { cause: err });
    }
    try {
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      const version = this.db.pragma('user_version', { simple: true }) as number;
      if (version > SCHEMA_VERSION) throw new InfraWatchError('IW_ERR_CONFIG', `fleet rules file ${path}: schema version ${version} is newer than this server's ${SCHEMA_VERSION}`);
      this.db.exec(SCHEMA);
      if (version < SCHEMA_VERSION) this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  /** One account's rules, in the order they apply. */
  rules(account: string): FleetRule[] {
    return this.load(account).rules;
  }

  /** Every account's rules (for `fleet rules list` with no account). */
  allRules(): FleetRule[] {
    const rows = this.db.prepare('SELECT * FROM FleetRule').all() as RuleRow[];
    return inOrder(rows.map(ruleOf)).sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
  }

  /** Stores a rule (replacing one of the same account and id); throws, naming every field path at fault. */
  setRule(input: RuleInput, nowMs = Date.now()): FleetRule {
    const problems = checkRule(input);
    if (problems.length > 0) throw new InfraWatchError('IW_ERR_CONFIG', `rule ${JSON.stringify(input.id)} refused: ${problems.join('; ')}`);
    const rule: FleetRule = { id: input.id, account: input.account, cohort: input.cohort, keys: input.keys, priority: input.priority, updatedMs: nowMs };
    this.db
      .prepare('INSERT OR REPLACE INTO FleetRule (account, id, priority, cohort, keys, updatedMs) VALUES (?, ?, ?, ?, ?, ?)')
      .run(rule.account, rule.id, rule.priority, JSON.stringify(rule.cohort), JSON.stringify(rule.keys), rule.updatedMs);
    this.cache.clear();
    return rule;
  }

  /** Deletes a rule; false when there was none. */
  deleteRule(account: string, id: string): boolean {
    const n = this.db.prepare('DELETE FROM FleetRule WHERE account = ? AND id = ?').run(account, id).changes;
    this.cache.clear();
    return n > 0;
  }

  /** Sets (value) or removes (undefined) labels of a host. */
  label(account: string, hostId: string, changes: Readonly<Record<string, string | undefined>>): void {
    const set = this.db.prepare('INSERT OR REPLACE INTO HostLabel (account, hostId, key, value) VALUES (?, ?, ?, ?)');
    const remove = this.db.prepare('DELETE FROM HostLabel WHERE account = ? AND hostId = ? AND key = ?');
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined) remove.run(account, hostId, key);
        else set.run(account, hostId, key, value);
      }
    })();
    this.cache.clear();
  }

  labels(account: string, hostId: string): HostLabels {
    return this.load(account).labels.get(hostId) ?? {};
  }

  /** Every labelled host of an account and its labels. */
  labelledHosts(account: string): [string, HostLabels][] {
    return [...this.load(account).labels.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** The account's router mode switch; undefined when none is set (server.yaml's query: applies). */
  routerMode(account: string): QueryMode | undefined {
    return this.load(account).routerMode;
  }

  /** Every account's router mode switch, by account. */
  routerModes(): { account: string; mode: QueryMode; updatedMs: number }[] {
    return this.db.prepare('SELECT account, mode, updatedMs FROM RouterMode ORDER BY account').all() as { account: string; mode: QueryMode; updatedMs: number }[];
  }

  setRouterMode(account: string, mode: string, nowMs = Date.now()): void {
    if (!(QUERY_MODES as readonly string[]).includes(mode)) throw new InfraWatchError('IW_ERR_CONFIG', `router mode of ${JSON.stringify(account)}: expected one of ${QUERY_MODES.join(', ')}`);
    this.db.prepare('INSERT OR REPLACE INTO RouterMode (account, mode, updatedMs) VALUES (?, ?, ?)').run(account, mode, nowMs);
    this.cache.clear();
  }

  /** Removes the account's switch (server.yaml's mode applies again); false when there was none. */
  deleteRouterMode(account: string): boolean {
    const n = this.db.prepare('DELETE FROM RouterMode WHERE account = ?').run(account).changes;
    this.cache.clear();
    return n > 0;
  }

  /** The fleet document for `hostId` of `account` (the endpoint's answer). */
  documentFor(account: string, hostId: string): FleetDocument {
    const { rules, labels } = this.load(account);
    return documentFor(rules, account, hostId, labels.get(hostId) ?? {});
  }

  close(): void {
    this.db.close();
  }

  private load(account: string) {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.seenVersion) {
      this.cache.clear();
      this.seenVersion = version;
    }
    let entry = this.cache.get(account);
    if (entry === undefined) {
      const rows = this.db.prepare('SELECT * FROM FleetRule WHERE account = ?').all(account) as RuleRow[];
      const labels = new Map<string, Record<string, string>>();
      for (const l of this.db.prepare('SELECT hostId, key, value FROM HostLabel WHERE account = ?').all(account) as { hostId: string; key: string; value: string }[]) {
        const of = labels.get(l.hostId) ?? {};
        of[l.key] = l.value;
        labels.set(l.hostId, of);
      }
      const mode = this.db.prepare('SELECT mode FROM RouterMode WHERE account = ?').get(account) as { mode: string } | undefined;
      // A mode another version wrote that this one does not know is no switch.
      const routerMode = mode !== undefined && (QUERY_MODES as readonly string[]).includes(mode.mode) ? (mode.mode as QueryMode) : undefined;
      entry = { rules: inOrder(rows.map(ruleOf)), labels, routerMode };
      this.cache.set(account, entry);
    }
    return entry;
  }
}

function ruleOf(row: RuleRow): FleetRule {
  return { id: row.id, account: row.account, priority: row.priority, cohort: JSON.parse(row.cohort) as Cohort, keys: JSON.parse(row.keys) as Record<string, unknown>, updatedMs: row.updatedMs };
}
