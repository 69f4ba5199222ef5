// `infrawatch fleet canary RULE` (or a cohort given as rules set takes it):
// the canary view (canary-view.ts) of the cohort, asked of a running
// server's query API with a token of the account, the rule and the host
// labels read from fleet.db.

import { InfraWatchError } from '../../errors.js';
import { postQuery, serverUrlOf } from '../query/query-command.js';
import type { QueryResult } from '../query/query-result.js';
import { canaryView, formatCanaryView } from './canary-view.js';
import { type Cohort, cohortText, type FleetRule } from './fleet-rule.js';
import type { FleetStore } from './fleet-store.js';

const DEFAULT_MINUTES = 30;

export async function canaryCommand(
  rule: FleetRule | { readonly account: string; readonly cohort: Cohort },
  store: FleetStore,
  flags: { minutes?: string; url?: string; token?: string; json?: boolean },
  out: (text: string) => void,
): Promise<void> {
  const minutes = flags.minutes === undefined ? DEFAULT_MINUTES : Number(flags.minutes);
  if (!/^\d+$/.test(flags.minutes ?? '30') || minutes < 1) throw new InfraWatchError('IW_ERR_USAGE', 'fleet canary: --minutes: expected a whole number of minutes ≥ 1');
  const token = flags.token ?? process.env.INFRAWATCH_TOKEN;
  if (!token) throw new InfraWatchError('IW_ERR_USAGE', 'fleet canary: a token of the account is required: --token JWT or $INFRAWATCH_TOKEN (infrawatch token issue)');
  const url = serverUrlOf(flags.url);
  const query = async (nrql: string, mode?: 'raw' | 'sketch' | 'auto') => JSON.parse(await postQuery(url, token, nrql, mode, 'fleet canary')) as QueryResult;
  const untilMs = Date.now();
  const view = await canaryView(query, { account: rule.account, cohort: rule.cohort, labelsOf: (h) => store.labels(rule.account, h), fromMs: untilMs - minutes * 60_000, untilMs });
  const title =
    'id' in rule ? `canary view of rule ${rule.id} of ${rule.account} (${cohortText(rule.cohort)}): ${JSON.stringify(rule.keys)}` : `canary view of ${rule.account}: ${cohortText(rule.cohort)}`;
  out(flags.json ? `${JSON.stringify(view)}\n` : formatCanaryView(view, title));
}
