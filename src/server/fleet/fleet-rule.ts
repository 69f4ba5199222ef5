// Fleet config rules: what the server's fleet config endpoint
// (GET /api/agents/{host_id}/config) answers each agent. A rule sets
// remote-tunable agent keys (CONFIG_SPEC's scope 'remote') for a cohort of
// one account's hosts: all of them, a list, a label (k=v, set per host by
// `infrawatch fleet hosts label`), or a stable percentage. A host's
// document is the merge of the rules its cohort matches, in order
// (priority, then id: later wins, key by key); its ETag is a hash of the
// document's text.
//
// A stable percentage: hash(account, host id) → a bucket in [0, 100) (the
// first 32 bits of sha256 / 2^32 × 100); a host is in when its bucket is
// below N. The bucket never changes, so growing N from 5 to 25 only adds
// hosts: the 5 % canaries stay canaries.
//
// Every key is checked here as the agent will check it (checkConfig, the
// local-scope refusal, the network's pattern rule), each problem named by
// its field path (keys.top_n: …), so that a rule the agents would refuse
// whole is refused when it is set, not found later in their logs.

import { createHash } from 'node:crypto';
import { CONFIG_SPEC, checkConfig, localOnlyKeysIn, remotePatternProblems } from '../../config/schema.js';

export type Cohort = { readonly all: true } | { readonly hosts: readonly string[] } | { readonly label: { readonly key: string; readonly value: string } } | { readonly percent: number };

export interface FleetRule {
  readonly id: string;
  readonly account: string;
  readonly cohort: Cohort;
  /** Remote-scope agent config keys and their values. */
  readonly keys: Readonly<Record<string, unknown>>;
  /** Rules apply in ascending priority (then id); a later rule wins a key. */
  readonly priority: number;
  readonly updatedMs: number;
}

/** A host's labels (k → v), as `infrawatch fleet hosts label` sets them. */
export type HostLabels = Readonly<Record<string, string>>;

export const RULE_ID = /^[A-Za-z0-9][\w.-]{0,63}$/;
export const LABEL_KEY = /^[A-Za-z0-9][\w./-]{0,63}$/;
const LABEL_VALUE = /^[\w./:-]{0,128}$/;
const MAX_HOSTS = 10_000;

/** The host's stable bucket in [0, 100) for percentage cohorts of `account`. */
export function percentBucket(account: string, hostId: string): number {
  const digest = createHash('sha256').update(account).update('\0').update(hostId).digest();
  return (digest.readUInt32BE(0) / 2 ** 32) * 100;
}

export function cohortMatches(cohort: Cohort, account: string, hostId: string, labels: HostLabels): boolean {
  if ('all' in cohort) return true;
  if ('hosts' in cohort) return cohort.hosts.includes(hostId);
  if ('label' in cohort) return Object.hasOwn(labels, cohort.label.key) && labels[cohort.label.key] === cohort.label.value;
  return percentBucket(account, hostId) < cohort.percent;
}

/** "all", "hosts: a, b", "label: k=v", "percent: 5" */
export function cohortText(cohort: Cohort): string {
  if ('all' in cohort) return 'all';
  if ('hosts' in cohort) return `hosts: ${cohort.hosts.join(', ')}`;
  if ('label' in cohort) return `label: ${cohort.label.key}=${cohort.label.value}`;
  return `percent: ${cohort.percent}`;
}

/** "k=v" → { key, value }, or undefined when it is not one. */
export function parseLabel(text: string): { key: string; value: string } | undefined {
  const eq = text.indexOf('=');
  if (eq <= 0) return undefined;
  const key = text.slice(0, eq);
  const value = text.slice(eq + 1);
  return LABEL_KEY.test(key) && LABEL_VALUE.test(value) ? { key, value } : undefined;
}

function describe(v: unknown): string {
  if (v === null || v === undefined || typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (typeof v === 'string') return /^[\w.+-]{0,16}$/.test(v) ? JSON.stringify(v) : `a string of ${v.length} characters`;
  if (Array.isArray(v)) return `a list of ${v.length} items`;
  return typeof v === 'object' ? `a mapping of ${Object.keys(v).length} keys` : `a ${typeof v}`;
}

/** Checks a cohort: { all: true } | { hosts: [...] } | { label: "k=v" | {key, value} } | { percent: N }. */
export function checkCohort(raw: unknown, path = 'cohort'): { cohort: Cohort; problems: [] } | { cohort?: undefined; problems: string[] } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || Object.keys(raw).length !== 1) {
    return { problems: [`${path}: expected exactly one of all, hosts, label, percent (got ${describe(raw)})`] };
  }
  const [[kind, v]] = Object.entries(raw);
  switch (kind) {
    case 'all':
      return v === true ? { cohort: { all: true }, problems: [] } : { problems: [`${path}.all: expected true (got ${describe(v)})`] };
    case 'hosts': {
      if (!Array.isArray(v) || v.length === 0 || v.length > MAX_HOSTS) return { problems: [`${path}.hosts: expected a list of 1 to ${MAX_HOSTS} host ids (got ${describe(v)})`] };
      const bad = v.findIndex((h) => typeof h !== 'string' || h.length === 0 || h.length > 256);
      if (bad >= 0) return { problems: [`${path}.hosts[${bad}]: expected a host id, a non-empty string (got ${describe(v[bad])})`] };
      return { cohort: { hosts: [...new Set(v as string[])] }, problems: [] };
    }
    case 'label': {
      const label =
        typeof v === 'string'
          ? parseLabel(v)
          : v !== null && typeof v === 'object' && !Array.isArray(v)
            ? parseLabel(`${(v as { key?: unknown }).key}=${(v as { value?: unknown }).value}`)
            : undefined;
      return label ? { cohort: { label }, problems: [] } : { problems: [`${path}.label: expected key=value (key ${LABEL_KEY}, value ${LABEL_VALUE}) (got ${describe(v)})`] };
    }
    case 'percent': {
      const ok = typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100;
      return ok ? { cohort: { percent: v }, problems: [] } : { problems: [`${path}.percent: expected a number from 0 to 100 (got ${describe(v)})`] };
    }
    default:
      return { problems: [`${path}: expected exactly one of all, hosts, label, percent (got ${/^[\w-]{1,32}$/.test(kind) ? kind : 'another key'})`] };
  }
}

/**
 * Checks a rule's keys as the agent checks a fleet document: known keys,
 * remote scope only, valid values, no pattern only the file may hold. Each
 * problem is named by its field path under `path`.
 */
export function checkRuleKeys(raw: unknown, path = 'keys'): string[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [`${path}: expected a mapping of agent config keys to values (got ${describe(raw)})`];
  const keys = raw as Record<string, unknown>;
  if (Object.keys(keys).length === 0) return [`${path}: expected at least one agent config key`];
  const problems: string[] = [];
  const local = new Set(localOnlyKeysIn(keys));
  for (const [key, value] of Object.entries(keys)) {
    const at = `${path}.${/^[A-Za-z_][\w.-]{0,39}$/.test(key) ? key : `(a key of ${key.length} characters)`}`;
    if (!Object.hasOwn(CONFIG_SPEC, key)) {
      problems.push(`${at}: unknown agent config key`);
    } else if (local.has(key)) {
      problems.push(`${at}: may be set only in the agent's config file on the host (scope local); a fleet rule sets only remote keys, and an agent refuses a document naming a local key whole`);
    } else if (value === null || value === undefined) {
      problems.push(`${at}: expected a value (delete the rule, or drop the key from it, to hand the key back to the agent's file)`);
    } else {
      // The agent's own check of this one key (every other key at its default).
      const checked = checkConfig({ [key]: value });
      for (const p of checked.problems) problems.push(`${path}.${p}`);
    }
  }
  for (const p of remotePatternProblems(keys)) problems.push(`${path}.${p}`);
  return problems;
}

/** The problems of a rule's parts, each named by its field path; [] when it may be stored. */
export function checkRule(rule: { id: unknown; account: unknown; cohort: unknown; keys: unknown; priority: unknown }): string[] {
  const problems: string[] = [];
  if (typeof rule.id !== 'string' || !RULE_ID.test(rule.id)) problems.push(`id: expected 1 to 64 letters, digits, _ . - (got ${describe(rule.id)})`);
  if (typeof rule.account !== 'string' || rule.account === '') problems.push(`account: expected a non-empty string (got ${describe(rule.account)})`);
  problems.push(...checkCohort(rule.cohort).problems);
  problems.push(...checkRuleKeys(rule.keys));
  const p = rule.priority;
  if (typeof p !== 'number' || !Number.isInteger(p) || p < -1_000_000 || p > 1_000_000) problems.push(`priority: expected an integer from -1000000 to 1000000 (got ${describe(p)})`);
  return problems;
}

/** Rules in the order they apply: ascending priority, then id. */
export function inOrder(rules: readonly FleetRule[]): FleetRule[] {
  return [...rules].sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface FleetDocument {
  /** The merged keys, as JSON (keys sorted: the same document is the same text). */
  readonly body: string;
  /** A strong ETag: a hash of body. */
  readonly etag: string;
  /** The rules that matched, in the order they applied. */
  readonly rules: readonly string[];
}

export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
}

/** The document for `hostId` of `account`: the matching rules merged in order, later wins key by key. */
export function documentFor(rules: readonly FleetRule[], account: string, hostId: string, labels: HostLabels): FleetDocument {
  const merged: Record<string, unknown> = {};
  const matched: string[] = [];
  for (const rule of inOrder(rules)) {
    if (rule.account !== account || !cohortMatches(rule.cohort, account, hostId, labels)) continue;
    matched.push(rule.id);
    Object.assign(merged, rule.keys);
  }
  const sorted = Object.fromEntries(
    Object.keys(merged)
      .sort()
      .map((k) => [k, merged[k]]),
  );
  const body = JSON.stringify(sorted);
  return { body, etag: etagOf(body), rules: matched };
}
