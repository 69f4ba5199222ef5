// The fleet console end to end in a real browser (Debian's chromium, driven
// by playwright-core, headless) against the embedded server (merger on)
// filled by real agents (the AgentRunner of `infrawatch run`, in this
// process) reading a copy of the fixture /proc with this process as the
// agent's own row: web-1 raw, web-2 and db-1 smart (top_n 2), all with
// sketches, the API sink (registration, telemetry, snapshot). db-1 stops
// first: the fleet page warns about it while the others still report. Then
// every page is loaded and its figures are checked against the query API's
// answers to the same questions; screenshots of each page are saved under
// var/console-screenshots/ for a person to look at.
// In test:soak: agents, a browser and ~20 s of agents running exceed the
// suite's 30 s a file.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostQueries, latestTickRows, unattributedShare } from '../../console/src/host-queries.js';
import { bytes, cpu, duration, NONE, num, ratio } from '../../console/src/format.js';
import { valuesOf } from '../../console/src/result-values.js';
import { FleetStore, fleetPathOf } from '../../src/server/fleet/fleet-store.js';
import { packageRoot, packageVersion } from '../../src/paths.js';
import { parseOsRelease } from '../../src/host/snapshot.js';
import type { QueryResult } from '../../src/server/query/query-result.js';
import { procTreeWithSelf, writeAgentConfig } from '../agent-config.js';
import { isTick } from '../helpers.js';
import { type InProcessAgent, startAgent, stopInProcessAgents } from '../in-process-agent.js';
import { ACCOUNT, type Fixture, startFixture } from './server-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(packageRoot, 'var', 'console-screenshots');
const RSS_PAGES = 2500;
const PAGE_BYTES = 4096;
/** db-1 is stale past this on the fleet page; web-1 and web-2, ticking every 0.3 s, never are. */
const STALE_SECONDS = 6;
const OTHER_SECRET = 'another-account-secret-of-more-than-32-bytes-000';

let f: Fixture;
let dir: string;
let browser: Browser;
let page: Page;
let token: string;

async function agent(host: string, procRoot: string, mode: 'raw' | 'smart'): Promise<InProcessAgent> {
  const hostToken = await f.token({}, { host });
  const config = writeAgentConfig(join(dir, `${host}.yaml`), host, join(dir, host), [
    `receiver_url: "${f.url}"`,
    `receiver_token: "${hostToken}"`,
    `api_url: "${f.url}/api"`,
    `auth_token: "${hostToken}"`,
    'interval_seconds: 0.3',
    `mode: ${mode}`,
    'top_n: 2',
    'adaptive_n: false',
    "include_names: ['^node$']",
    'sketch_enable: true',
    'sketch_window_s: 1',
    'collect_snapshot: true',
    `proc_root: ${procRoot}`,
  ]);
  return startAgent(config);
}

async function query(nrql: string): Promise<QueryResult> {
  const res = await fetch(`${f.url}/api/query`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ nrql }) });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as QueryResult;
}

/** Opens `hash` of the console and waits until the page has drawn its data. */
async function open(hash: string): Promise<void> {
  // The mark of the page drawn before goes first: a change of hash only redraws.
  await page.evaluate("document.getElementById('main')?.removeAttribute('data-ready')").catch(() => {});
  await page.goto(`${f.url}/console/${hash}`);
  await page.waitForSelector('main[data-ready]', { timeout: 30_000 });
}

async function screenshot(name: string): Promise<void> {
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`console screenshot: ${file}`);
}

const text = async (selector: string) => ((await page.locator(selector).textContent()) ?? '').trim();

/** The facets of a FACET hostId answer: host → its values. */
function byHost(r: QueryResult): Map<string, (number | null)[]> {
  return new Map((r.facets ?? []).map((x) => [String(x.name), valuesOf(x.results).map(([, v]) => v)]));
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the console's end-to-end test drives Debian's chromium (apt-get install chromium; .ci/run installs it)`);
  const otherSecret = join(mkdtempSync(join(tmpdir(), 'iw-console-key-')), 'other.secret');
  writeFileSync(otherSecret, `${OTHER_SECRET}\n`, { mode: 0o600 });
  f = await startFixture({
    config: (c) => ({ ...c, merger: { ...c.merger, enabled: true, allowed_lateness_windows: 0, max_hold_ms: 1000, publish_slack_ms: 0, pull_wait_ms: 20 } }),
    keys: [{ id: 'other', account: 'other', algorithms: ['HS256'], secret_file: otherSecret, public_key_file: '' }],
  });
  dir = mkdtempSync(join(tmpdir(), 'iw-console-'));
  token = await f.token({}, { host: 'ops' });
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await stopInProcessAgents();
  await browser?.close();
  await f?.close();
});

describe('the fleet console', () => {
  it('signs in with the account token, shows each page with the query API’s figures, charts a typed query', async () => {
    // Nothing without a token: the sign-in form, and the JSON refused.
    await open('#/fleet');
    expect(await page.locator('#sign-in').count()).toBe(1);
    expect(await page.locator('#fleet-hosts').count()).toBe(0);
    expect((await fetch(`${f.url}/api/console/fleet`)).status).toBe(401);
    await page.fill('#token', 'not-a-token');
    await page.click('#sign-in-button');
    await page.waitForSelector('#sign-in .error');
    expect(await text('#sign-in .error')).toMatch(/refused this token/);
    await screenshot('sign-in');

    const procRoot = procTreeWithSelf(join(dir, 'proc'), RSS_PAGES);
    const [web1, web2, db1] = [await agent('web-1', procRoot, 'raw'), await agent('web-2', procRoot, 'smart'), await agent('db-1', procRoot, 'smart')];
    const ticks = (a: InProcessAgent) => a.logs().filter(isTick).length;
    for (const a of [web1, web2, db1]) await a.waitFor(() => ticks(a) >= 4, 'four ticks');
    // A stop leaves what the sender has not sent on disk: db-1 stops once its ticks are stored.
    for (let deadline = Date.now() + 30_000; (await f.server.store.countRows(ACCOUNT, 'db-1')).ProcessSample < 4; ) {
      if (Date.now() > deadline) throw new Error('db-1 had no rows stored within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await db1.stop()).toBe(0);
    const stoppedMs = Date.now();
    await web1.waitFor(() => Date.now() - stoppedMs > (STALE_SECONDS + 2) * 1000 && ticks(web1) >= 12, 'db-1 stale', 60_000);

    // Signed in: the fleet, db-1 flagged while web-1 and web-2 report.
    await page.fill('#token', token);
    await page.click('#sign-in-button');
    await page.waitForURL(/#\/fleet$/);
    await open(`#/fleet?staleSeconds=${STALE_SECONDS}`);
    expect(await page.locator('#fleet-hosts tbody tr').count()).toBe(3);
    expect(await text('tr[data-host="db-1"] td[data-field="status"]')).toBe('⚠ stopped reporting');
    for (const h of ['web-1', 'web-2']) expect(await text(`tr[data-host="${h}"] td[data-field="status"]`)).toBe('reporting');
    expect(await text('#stale-warning')).toBe('⚠ 1 host stopped reporting: db-1');
    await screenshot('fleet');

    for (const a of [web1, web2]) expect(await a.stop()).toBe(0);
    await f.rows();

    // The fleet's figures against the query API's (nothing arrives any more: both read the same rows).
    await open('#/fleet?staleSeconds=86400&minutes=15');
    const range = 'SINCE 15 minutes ago FACET hostId LIMIT MAX';
    const self = byHost(await query(`SELECT average(cpuPercent), average(memoryResidentSizeBytes) FROM ProcessSample WHERE agentSelf = 1 ${range}`));
    const top = byHost(await query(`SELECT sum(cpuPercent), sum(memoryResidentSizeBytes) FROM ProcessSample ${range}`));
    const aggregates = byHost(await query(`SELECT sum(cpuPercent), sum(memoryResidentSizeBytes) FROM ProcessAggregateSample ${range}`));
    for (const [host, mode] of [
      ['web-1', 'raw'],
      ['web-2', 'smart'],
      ['db-1', 'smart'],
    ]) {
      const cell = (field: string) => text(`tr[data-host="${host}"] td[data-field="${field}"]`);
      // The registry's mode (the envelopes'). It is sometimes null for a host whose rows are stored (seen in main's
      // writer, not the console's doing): the page shows what the registry holds, and the configured mode when it holds one.
      const registered = (await f.server.store.host(ACCOUNT, host))?.mode ?? null;
      expect(await cell('mode')).toBe(registered ?? NONE);
      if (registered !== null) expect(registered).toBe(mode);
      expect(await cell('agentVersion')).toBe(packageVersion());
      expect(await cell('status')).toBe('reporting');
      expect(self.get(host)?.[1]).toBe(RSS_PAGES * PAGE_BYTES);
      expect(await cell('agentRss')).toBe(bytes(self.get(host)![1]));
      expect(await cell('agentCpu')).toBe(cpu(self.get(host)![0]));
      const t = top.get(host)!;
      const a = aggregates.get(host)?.[1] ?? 0;
      expect(await cell('captureRss')).toBe(ratio(t[1]! / (t[1]! + a)));
    }
    // Raw ships every process as a row; smart's top 2 hold less than all the RSS.
    expect(await text('tr[data-host="web-1"] td[data-field="captureRss"]')).toBe('100.00 %');
    expect(await text('tr[data-host="web-2"] td[data-field="captureRss"]')).not.toBe('100.00 %');

    // The host page of a smart host: every part against the query API's answer to the same NRQL.
    await open('#/host/web-2?minutes=60');
    const q = hostQueries('web-2', 60);
    const { rows: latest } = await latestTickRows(query, 'web-2', 60);
    // smart, top_n 2: its two rows and its own (pinned by include_names).
    expect(latest.length).toBeGreaterThanOrEqual(2);
    const shownPids = await page.locator('#top-processes tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pid')));
    expect(shownPids).toEqual(latest.map((e) => String(e.processId)));
    for (const e of latest) expect(await text(`#top-processes tr[data-pid="${e.processId}"] td[data-field="rss"]`)).toBe(bytes(e.memoryResidentSizeBytes as number));
    const byName = await query(q.aggregates);
    expect(byName.facets!.length).toBeGreaterThan(0);
    // In the API's order (names may hold newlines: read the rows, not a selector of each name).
    const shownAggregates = await page.locator('#aggregates tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-name'), tr.querySelector('td[data-field="rss"]')?.textContent]));
    expect(shownAggregates).toEqual(byName.facets!.map((x) => [String(x.name), bytes(valuesOf(x.results)[1][1])]));
    // Percentile charts: three lines each, the route the API takes beside them.
    for (const [id, nrql] of [
      ['chart-cpu', q.cpuPercentiles],
      ['chart-rss', q.rssPercentiles],
    ]) {
      const r = await query(nrql);
      expect(await page.locator(`#${id} .uplot canvas`).count()).toBe(1);
      const legend = await page.locator(`#${id} .u-legend .u-series .u-label`).allInnerTexts();
      expect(legend.slice(1)).toEqual(['p50', 'p95', 'p99']);
      const panel = page.locator('.panel', { has: page.locator(`#${id}`) });
      expect(await panel.locator('.route-name').textContent()).toBe(r.metadata.route);
    }
    const telemetry = valuesOf((await query(q.uptime)).results);
    // The agents read the host's figures from the fixture's /proc: some are none (no delta of a file that never changes).
    expect(telemetry.some(([, v]) => v !== null)).toBe(true);
    expect(await text('#host-telemetry dd[data-field="uptime"]')).toBe(duration(telemetry[0][1]));
    for (const [i, field] of [
      [1, 'cpu'],
      [2, 'memory'],
      [3, 'disk'],
    ] as const)
      expect(await text(`#host-telemetry dd[data-field="${field}"]`)).toBe(telemetry[i][1] === null ? NONE : `${num(telemetry[i][1])} %`);
    expect(await page.locator('#chart-telemetry .uplot canvas').count()).toBe(1);
    const [busy, unattributed, reaped] = valuesOf((await query(q.accounting)).results).map(([, v]) => v);
    expect(await text('#host-accounting dd[data-field="busy"]')).toBe(cpu(busy));
    expect(await text('#host-accounting dd[data-field="unattributed"]')).toBe(cpu(unattributed));
    expect(await text('#host-accounting dd[data-field="unattributed share"]')).toBe(ratio(unattributedShare(busy, unattributed)));
    expect(await text('#host-accounting dd[data-field="reaped children"]')).toBe(cpu(reaped));
    await page.waitForSelector('#host-snapshot', { timeout: 1000 }).catch(() => {});
    // The snapshot: the OS from the host's /etc/os-release, the kernel from proc_root (the fixture has none).
    expect(await text('#host-snapshot dd[data-field="OS"]')).toContain(parseOsRelease(readFileSync('/etc/os-release', 'utf8')).NAME);
    expect(await text('#host-snapshot dd[data-field="kernel"]')).toBe(NONE);
    // The agent's diag events (its breakers on a loaded machine, …): as many as it stored, up to the page's 100.
    const diag = (await f.server.store.countRows(ACCOUNT, 'web-2')).AgentDiagEvent;
    expect(await page.locator('#diag-events tbody tr').count()).toBe(Math.min(diag, 100));
    await screenshot('host');

    // The query page: a FACET typed in the box gives bars, a TIMESERIES lines, each with the route beside.
    await open('#/query');
    const facetNrql = 'SELECT count(*) FROM ProcessSample FACET hostId SINCE 1 hour ago';
    await page.fill('#nrql', facetNrql);
    await page.click('#run');
    await page.waitForSelector('main[data-ready] .bars');
    const facets = await query(facetNrql);
    expect(facets.facets!.length).toBe(3);
    for (const x of facets.facets!) expect(await text(`.bar-row[data-facet="${x.name}"] .bar-value`)).toBe(num(valuesOf(x.results)[0][1]));
    expect(await text('.route .route-name')).toBe(facets.metadata.route);
    expect(await text('.route .route-reason')).toBe(facets.metadata.reason);
    await screenshot('query-facet');

    const seriesNrql = 'SELECT percentile(cpuPercent, 95), count(*) FROM ProcessSample SINCE 10 minutes ago TIMESERIES 1 minute';
    await page.fill('#nrql', seriesNrql);
    await page.click('#run');
    await page.waitForSelector('main[data-ready] .uplot');
    const series = await query(seriesNrql);
    expect((await page.locator('.result .u-legend .u-series .u-label').allInnerTexts()).slice(1)).toEqual(['p95', 'count']);
    const rows = await page.locator('#result-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent)));
    expect(rows).toEqual(series.timeSeries!.map((b) => valuesOf(b.results).map(([, v]) => num(v))));
    expect(rows.some((r) => r[1] !== '0')).toBe(true);
    expect(await text('.route .route-name')).toBe(series.metadata.route);
    await screenshot('query-timeseries');

    // Roll-out: a rule, its cohort against the rest.
    const store = new FleetStore(fleetPathOf(join(f.dir, 'store', 'infrawatch.db')));
    try {
      store.setRule({ id: 'canary', account: ACCOUNT, cohort: { hosts: ['web-1'] }, keys: { mode: 'raw', sketch_enable: true }, priority: 10 });
      store.label(ACCOUNT, 'web-1', { ring: 'canary' });
    } finally {
      store.close();
    }
    await open('#/rollout?minutes=60');
    expect(await text('#rules tr[data-rule="canary"] td[data-field="cohort"]')).toBe('hosts web-1');
    expect(await text('#labels tbody td[data-field="labels"]')).toBe('ring=canary');
    const canary = page.locator('.canary[data-rule="canary"]');
    expect(await canary.locator('tr[data-figure="hosts"] td[data-field="canary"]').textContent()).toBe('1');
    expect(await canary.locator('tr[data-figure="hosts"] td[data-field="rest"]').textContent()).toBe('2');
    expect(await canary.locator('tr[data-figure="agent RSS"] td[data-field="canary"]').textContent()).toBe(bytes(RSS_PAGES * PAGE_BYTES));
    expect(await canary.locator('tr[data-figure="topn capture RSS: lowest, mean"] td[data-field="canary"]').textContent()).toBe('100.00 %, 100.00 %');
    await screenshot('rollout');

    // Scoped to the token's account: another account's token sees none of acme's hosts.
    const other = await f.token({ acct: 'other' }, { kid: 'other', secret: OTHER_SECRET, host: 'ops' });
    const otherFleet = (await (await fetch(`${f.url}/api/console/fleet`, { headers: { authorization: `Bearer ${other}` } })).json()) as { total: number };
    expect(otherFleet.total).toBe(0);
    const otherHost = (await (await fetch(`${f.url}/api/console/host?hostId=web-1`, { headers: { authorization: `Bearer ${other}` } })).json()) as { registry: unknown };
    expect(otherHost.registry).toBeNull();
    // Bad parameters are named.
    const bad = await fetch(`${f.url}/api/console/fleet?minutes=0`, { headers: { authorization: `Bearer ${token}` } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^minutes: expected an integer from 1 to 10080/);
  }, 150_000);
});
