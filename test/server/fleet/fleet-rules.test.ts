// Fleet config rules → a host's document: cohorts (all, hosts, label,
// percent), order (later wins key by key), the stable percentage as it grows
// 5 → 25, the agent's checks applied when a rule is set (a local key, an
// invalid value, each named by its field path), the store (another
// connection's change is seen), and the endpoint (scoped to the token's
// account and host, ETag / 304).

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRuleKeys, documentFor, type FleetRule, percentBucket } from '../../../src/server/fleet/fleet-rule.js';
import { FleetStore, fleetPathOf } from '../../../src/server/fleet/fleet-store.js';
import { type Fixture, startFixture } from '../server-fixture.js';

const rule = (id: string, cohort: FleetRule['cohort'], keys: Record<string, unknown>, priority = 100, account = 'acme'): FleetRule => ({ id, account, cohort, keys, priority, updatedMs: 0 });

describe('a host document from rules', () => {
  it('merges the matching rules in order of priority, then id: later wins, key by key', () => {
    const rules = [
      rule('z-all', { all: true }, { top_n: 10, mode: 'smart', sketch_enable: false }, 0),
      rule('b-label', { label: { key: 'ring', value: 'canary' } }, { top_n: 30 }),
      rule('a-hosts', { hosts: ['h1', 'h2'] }, { top_n: 40, sketch_enable: true }),
      rule('late', { hosts: ['h2'] }, { mode: 'raw' }, 200),
      rule('other-account', { all: true }, { top_n: 99 }, 1000, 'globex'),
    ];
    // h1: z-all, then a-hosts (100, "a-" < "b-"), then b-label: top_n 30.
    const h1 = documentFor(rules, 'acme', 'h1', { ring: 'canary' });
    expect(JSON.parse(h1.body)).toEqual({ mode: 'smart', sketch_enable: true, top_n: 30 });
    expect(h1.rules).toEqual(['z-all', 'a-hosts', 'b-label']);
    const h2 = documentFor(rules, 'acme', 'h2', {});
    expect(JSON.parse(h2.body)).toEqual({ mode: 'raw', sketch_enable: true, top_n: 40 });
    const h3 = documentFor(rules, 'acme', 'h3', { ring: 'stable' });
    expect(JSON.parse(h3.body)).toEqual({ mode: 'smart', sketch_enable: false, top_n: 10 });
    // Same document, same text, same ETag; another document, another ETag.
    expect(documentFor(rules, 'acme', 'h3', {}).etag).toBe(h3.etag);
    expect(h2.etag).not.toBe(h3.etag);
    expect(documentFor([], 'acme', 'h1', {}).body).toBe('{}');
  });

  it('a stable percentage: the 5 % stay in as it grows to 25 %, and about N % are in', () => {
    const hosts = Array.from({ length: 4000 }, (_, i) => `host-${i}`);
    const inAt = (n: number) => new Set(hosts.filter((h) => JSON.parse(documentFor([rule('p', { percent: n }, { mode: 'smart' })], 'acme', h, {}).body).mode === 'smart'));
    const at5 = inAt(5);
    const at10 = inAt(10);
    const at25 = inAt(25);
    for (const h of at5) expect(at10.has(h)).toBe(true);
    for (const h of at10) expect(at25.has(h)).toBe(true);
    expect(at5.size / hosts.length).toBeGreaterThan(0.04);
    expect(at5.size / hosts.length).toBeLessThan(0.06);
    expect(at25.size / hosts.length).toBeGreaterThan(0.23);
    expect(at25.size / hosts.length).toBeLessThan(0.27);
    expect(inAt(0).size).toBe(0);
    expect(inAt(100).size).toBe(hosts.length);
    // The bucket is the host's, per account: the same host id is another bucket in another account.
    expect(percentBucket('acme', 'host-1')).toBe(percentBucket('acme', 'host-1'));
    expect(percentBucket('acme', 'host-1')).not.toBe(percentBucket('globex', 'host-1'));
  });

  it('refuses a local key, an unknown key, an invalid value and a backtracking pattern, naming each field path', () => {
    expect(checkRuleKeys({ top_n: 50, mode: 'raw', sketch_enable: false })).toEqual([]);
    const problems = checkRuleKeys({ api_url: 'http://evil', top_n: 0, mode: 'fast', nope: 1, include_names: ['(a)\\1'] });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^keys\.api_url: may be set only in the agent's config file on the host \(scope local\)/),
        expect.stringMatching(/^keys\.top_n: expected an integer from 1 to 10000 \(got 0\)/),
        expect.stringMatching(/^keys\.mode: expected one of smart, raw/),
        expect.stringMatching(/^keys\.nope: unknown agent config key/),
        expect.stringMatching(/^keys\.include_names\[0\]: a pattern with a backreference/),
      ]),
    );
    expect(checkRuleKeys({})).toEqual(['keys: expected at least one agent config key']);
    expect(checkRuleKeys({ top_n: null })[0]).toMatch(/^keys\.top_n: expected a value/);
  });
});

describe('the fleet store', () => {
  it('stores rules and labels durably; refuses a bad rule whole; another connection sees a change at once', () => {
    const path = fleetPathOf(join(mkdtempSync(join(tmpdir(), 'iw-fleet-')), 'store', 'infrawatch.db'));
    const admin = new FleetStore(path);
    const server = new FleetStore(path);
    try {
      expect(server.documentFor('acme', 'h1').body).toBe('{}');
      admin.setRule({ id: 'canary', account: 'acme', cohort: { label: { key: 'ring', value: 'canary' } }, keys: { top_n: 5 }, priority: 100 });
      expect(server.documentFor('acme', 'h1').body).toBe('{}');
      admin.label('acme', 'h1', { ring: 'canary' });
      expect(JSON.parse(server.documentFor('acme', 'h1').body)).toEqual({ top_n: 5 });
      expect(server.documentFor('globex', 'h1').body).toBe('{}');
      expect(() => admin.setRule({ id: 'bad', account: 'acme', cohort: { all: true }, keys: { top_n: 5, host_id: 'x' }, priority: 1 })).toThrow(
        /keys\.host_id: may be set only in the agent's config file/,
      );
      expect(() => admin.setRule({ id: 'bad', account: 'acme', cohort: { percent: 101 }, keys: { top_n: 5 }, priority: 1 })).toThrow(/cohort\.percent: expected a number from 0 to 100/);
      expect(admin.rules('acme').map((r) => r.id)).toEqual(['canary']);
      admin.label('acme', 'h1', { ring: undefined });
      expect(server.documentFor('acme', 'h1').body).toBe('{}');
      expect(admin.deleteRule('acme', 'canary')).toBe(true);
      expect(admin.deleteRule('acme', 'canary')).toBe(false);
    } finally {
      admin.close();
      server.close();
    }
    const reopened = new FleetStore(path);
    expect(reopened.rules('acme')).toEqual([]);
    reopened.close();
  });
});

describe('GET /api/agents/{host_id}/config on the embedded server', () => {
  let f: Fixture;
  let admin: FleetStore;
  beforeAll(async () => {
    f = await startFixture();
    admin = new FleetStore(fleetPathOf(join(f.dir, 'store', 'infrawatch.db')));
  });
  afterAll(async () => {
    admin.close();
    await f.close();
  });

  const get = async (host: string, o: { token?: string; etag?: string } = {}) =>
    fetch(`${f.url}/api/agents/${host}/config`, { headers: { authorization: `Bearer ${o.token ?? (await f.token({}, { host }))}`, ...(o.etag ? { 'if-none-match': o.etag } : {}) } });

  it("answers the token's host its document, 304 while it is unchanged, and the new one after a change", async () => {
    let res = await get('web-1');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{}');
    const empty = res.headers.get('etag')!;
    admin.setRule({ id: 'web', account: 'acme', cohort: { hosts: ['web-1'] }, keys: { top_n: 7, mode: 'raw' }, priority: 100 });
    admin.setRule({ id: 'elsewhere', account: 'globex', cohort: { all: true }, keys: { top_n: 99 }, priority: 100 });
    res = await get('web-1', { etag: empty });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ mode: 'raw', top_n: 7 });
    const etag = res.headers.get('etag')!;
    expect(etag).not.toBe(empty);
    res = await get('web-1', { etag });
    expect(res.status).toBe(304);
    // Another host of the account: not in the cohort; globex's rule is not acme's.
    res = await get('web-2');
    expect(await res.text()).toBe('{}');
    // A token for another host than the path's: 403.
    res = await get('web-1', { token: await f.token({}, { host: 'web-2' }) });
    expect(res.status).toBe(403);
    admin.deleteRule('acme', 'web');
    res = await get('web-1', { etag });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{}');
  });
});
