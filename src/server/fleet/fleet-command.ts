// `infrawatch fleet …`: the fleet config rules and host labels, on the
// server host, straight in the server's fleet.db (beside store.path of
// --config). No admin endpoint: the server's tokens are per host (an
// agent's token must not change the fleet), the file's permissions are the
// admin's authority, and it works whether the server runs or not. A
// running server sees a change at its agents' next poll (it checks the
// file's data_version on each), and an agent applies it within its
// config_poll_seconds.
//
//   infrawatch fleet rules list [--account A] [--json]
//   infrawatch fleet rules set ID (--all | --hosts H,H | --label k=v | --percent N) [--priority P] KEY=VALUE…
//   infrawatch fleet rules delete ID
//   infrawatch fleet hosts label HOST k=v… k-…        (k- removes the label k)
//   infrawatch fleet hosts list
//   infrawatch fleet config HOST                        the document and ETag HOST is answered
//   infrawatch fleet router-mode set raw|sketch|auto    the query router's mode of the account
//   infrawatch fleet router-mode delete | list
//   infrawatch fleet canary (RULE | --all | --hosts H,H | --label k=v | --percent N) [--minutes M] [--url URL] [--token JWT]   canary-view.ts
// each with [--account A] [--config server.yaml].

import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { InfraWatchError } from '../../errors.js';
import { loadServerConfig } from '../config/load-server-config.js';
import { type Cohort, checkCohort, cohortText, type FleetRule, LABEL_KEY, parseLabel } from './fleet-rule.js';
import { FleetStore, fleetPathOf } from './fleet-store.js';
import { canaryCommand } from './canary-command.js';

export const FLEET_USAGE = `Usage (on the server host; --config: the server's server.yaml, the rules are in fleet.db beside store.path):
  infrawatch fleet rules list [--json]
  infrawatch fleet rules set ID (--all | --hosts H1,H2 | --label k=v | --percent N) [--priority P] KEY=VALUE…
      set (or replace) rule ID: remote-scope agent config keys for a cohort; values are YAML
      (top_n=50, mode=raw, sketch_enable=false). Rules apply by ascending priority (default
      100; an existing rule keeps its own), then id; a later rule wins a key.
      --percent N: the hosts whose stable bucket, sha256(account, host id) in [0, 100), is below N
  infrawatch fleet rules delete ID
  infrawatch fleet hosts label HOST k=v… [k-…]     set (k=v) or remove (k-) labels of HOST
  infrawatch fleet hosts list                      the labelled hosts and their labels
  infrawatch fleet config HOST                     the document (and ETag) HOST's polls are answered
  infrawatch fleet router-mode set raw|sketch|auto the query router's mode of the account's queries that
      name none (the roll-out's W-8 step: sketch, or auto), over server.yaml's query.modes and
      query.default_mode; a running server applies it from its next query
  infrawatch fleet router-mode delete              back to server.yaml's mode
  infrawatch fleet router-mode list [--json]       every account's switch
  infrawatch fleet canary (RULE | --hosts H1,H2 | --label k=v | --percent N) [--minutes M] [--json] [--url URL] [--token JWT]
      RULE's cohort (or the one given) against the account's other hosts over the last M minutes (default 30):
      agent cpu and RSS, topn capture ratio, SKETCH vs RAW error of the hosts that ship both;
      asked of the server's query API (URL: $INFRAWATCH_URL, else http://127.0.0.1:8470;
      JWT: $INFRAWATCH_TOKEN, a token of the account)
  each with [--account A] (default: the one account of auth.keys) [--config FILE]
`;

const DEFAULT_PRIORITY = 100;

function usageError(message: string): InfraWatchError {
  return new InfraWatchError('IW_ERR_USAGE', message);
}

const OPTIONS = {
  config: { type: 'string' },
  account: { type: 'string' },
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  hosts: { type: 'string' },
  label: { type: 'string' },
  percent: { type: 'string' },
  priority: { type: 'string' },
  minutes: { type: 'string' },
  url: { type: 'string' },
  token: { type: 'string' },
} as const;

export async function fleetCommand(args: string[], out: (text: string) => void = (t) => process.stdout.write(t)): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) return out(FLEET_USAGE);
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageError(`fleet: ${(err as Error).message}`);
  }
  const { values, positionals } = parsed;
  const [what, verb, ...rest] = positionals;
  const config = loadServerConfig(values.config);
  const accountOf = (): string => {
    if (values.account !== undefined) {
      if (values.account === '') throw usageError('fleet: --account: expected an account');
      return values.account;
    }
    const accounts = [...new Set(config.auth.keys.map((k) => k.account))];
    if (accounts.length === 1) return accounts[0];
    throw usageError(`fleet: --account is required (auth.keys of ${values.config ?? '(defaults)'} name ${accounts.length === 0 ? 'no account' : `${accounts.length} accounts`})`);
  };
  const store = new FleetStore(fleetPathOf(config.store.path));
  try {
    if (what === 'rules' && verb === 'list' && rest.length === 0) {
      const rules = values.account !== undefined ? store.rules(values.account) : store.allRules();
      out(values.json ? `${JSON.stringify(rules)}\n` : formatRules(rules));
    } else if (what === 'rules' && verb === 'set' && rest.length >= 1) {
      const [id, ...assignments] = rest;
      const account = accountOf();
      const existing = store.rules(account).find((r) => r.id === id);
      const priority = values.priority === undefined ? (existing?.priority ?? DEFAULT_PRIORITY) : Number(values.priority);
      if (values.priority !== undefined && !/^-?\d+$/.test(values.priority)) throw usageError('fleet rules set: --priority: expected an integer');
      const rule = store.setRule({ id, account, cohort: cohortOf(values), keys: keysOf(assignments), priority });
      out(`rule ${rule.id} of ${rule.account} set: ${cohortText(rule.cohort)}, priority ${rule.priority}: ${JSON.stringify(rule.keys)}\n`);
    } else if (what === 'rules' && verb === 'delete' && rest.length === 1) {
      const account = accountOf();
      if (!store.deleteRule(account, rest[0])) throw usageError(`fleet rules delete: ${account} has no rule ${JSON.stringify(rest[0])}`);
      out(`rule ${rest[0]} of ${account} deleted\n`);
    } else if (what === 'hosts' && verb === 'label' && rest.length >= 2) {
      const [host, ...labels] = rest;
      const account = accountOf();
      store.label(account, host, labelChanges(labels));
      out(`${host}: ${formatLabels(store.labels(account, host))}\n`);
    } else if (what === 'hosts' && verb === 'list' && rest.length === 0) {
      const hosts = store.labelledHosts(accountOf());
      out(values.json ? `${JSON.stringify(Object.fromEntries(hosts))}\n` : hosts.map(([h, l]) => `${h}\t${formatLabels(l)}\n`).join(''));
    } else if (what === 'config' && verb !== undefined && rest.length === 0) {
      const doc = store.documentFor(accountOf(), verb);
      out(values.json ? `${JSON.stringify({ etag: doc.etag, rules: doc.rules, document: JSON.parse(doc.body) })}\n` : `ETag ${doc.etag} (rules: ${doc.rules.join(', ') || 'none'})\n${doc.body}\n`);
    } else if (what === 'router-mode' && verb === 'set' && rest.length === 1) {
      const account = accountOf();
      store.setRouterMode(account, rest[0]);
      out(`router mode of ${account}: ${rest[0]}\n`);
    } else if (what === 'router-mode' && verb === 'delete' && rest.length === 0) {
      const account = accountOf();
      if (!store.deleteRouterMode(account)) throw usageError(`fleet router-mode delete: ${account} has no router mode set`);
      out(`router mode of ${account} deleted: server.yaml's query.modes / query.default_mode apply\n`);
    } else if (what === 'router-mode' && verb === 'list' && rest.length === 0) {
      const modes = store.routerModes();
      out(values.json ? `${JSON.stringify(modes)}\n` : modes.length === 0 ? '(no router modes)\n' : modes.map((m) => `${m.account}\t${m.mode}\t${new Date(m.updatedMs).toISOString()}\n`).join(''));
    } else if (what === 'canary' && rest.length === 0) {
      const account = accountOf();
      if (verb === undefined) {
        await canaryCommand({ account, cohort: cohortOf(values, 'fleet canary') }, store, values, out);
      } else {
        const rule = store.rules(account).find((r) => r.id === verb);
        if (rule === undefined) throw usageError(`fleet canary: ${account} has no rule ${JSON.stringify(verb)} (infrawatch fleet rules list)`);
        await canaryCommand(rule, store, values, out);
      }
    } else {
      throw usageError(
        `fleet: expected "rules list|set|delete", "hosts label|list", "config HOST", "router-mode set|delete|list" or "canary RULE" (got ${JSON.stringify(positionals.join(' '))}); see infrawatch fleet --help`,
      );
    }
  } finally {
    store.close();
  }
}

function cohortOf(values: { all?: boolean; hosts?: string; label?: string; percent?: string }, command = 'fleet rules set'): Cohort {
  const given = [values.all ? 'all' : undefined, values.hosts, values.label, values.percent].filter((v) => v !== undefined);
  if (given.length !== 1) throw usageError(`${command}: expected exactly one cohort: ${command === 'fleet canary' ? 'a rule, ' : ''}--all, --hosts H1,H2, --label k=v or --percent N`);
  const raw = values.all
    ? { all: true }
    : values.hosts !== undefined
      ? { hosts: values.hosts.split(',').map((h) => h.trim()) }
      : values.label !== undefined
        ? { label: values.label }
        : { percent: /^\d+(\.\d+)?$/.test(values.percent!) ? Number(values.percent) : values.percent };
  const checked = checkCohort(raw);
  if (checked.cohort === undefined) throw new InfraWatchError('IW_ERR_CONFIG', `${command}: ${checked.problems.join('; ')}`);
  return checked.cohort;
}

/** KEY=VALUE… → keys (each value read as YAML: 50 a number, true a boolean, [a, b] a list). */
function keysOf(assignments: string[]): Record<string, unknown> {
  if (assignments.length === 0) throw usageError('fleet rules set: expected at least one KEY=VALUE (an agent config key of scope remote)');
  const keys: Record<string, unknown> = {};
  for (const a of assignments) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw usageError(`fleet rules set: ${JSON.stringify(a)}: expected KEY=VALUE`);
    const key = a.slice(0, eq);
    try {
      keys[key] = parseYaml(a.slice(eq + 1));
    } catch (err) {
      throw usageError(`fleet rules set: keys.${key}: not a YAML value: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return keys;
}

function labelChanges(args: string[]): Record<string, string | undefined> {
  const changes: Record<string, string | undefined> = {};
  for (const a of args) {
    if (a.endsWith('-') && LABEL_KEY.test(a.slice(0, -1))) {
      changes[a.slice(0, -1)] = undefined;
      continue;
    }
    const label = parseLabel(a);
    if (label === undefined) throw usageError(`fleet hosts label: ${JSON.stringify(a)}: expected k=v (set) or k- (remove)`);
    changes[label.key] = label.value;
  }
  return changes;
}

function formatLabels(labels: Readonly<Record<string, string>>): string {
  return (
    Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ') || '(no labels)'
  );
}

function formatRules(rules: readonly FleetRule[]): string {
  if (rules.length === 0) return '(no rules)\n';
  const rows = rules.map((r) => [r.account, r.id, String(r.priority), cohortText(r.cohort), JSON.stringify(r.keys), new Date(r.updatedMs).toISOString()]);
  const head = ['account', 'id', 'priority', 'cohort', 'keys', 'updated'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}
