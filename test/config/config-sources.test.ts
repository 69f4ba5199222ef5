// Config changes from the fleet API and from PATCH /config: every change
// validated first, bad ones refused with the field path, good ones applied
// between ticks. The agents run in this process (startAgent), but for the
// tests that need one of their own: SIGHUP and a folder lock held by
// another process, and a process's peak memory. The storm of 100 changes
// under load is a soak test (change-storm.soak.test.ts).

import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { copyFixtureProc, decodeSpool, FIXTURE_PROC, runAgent } from '../helpers.js';
import { startAgent } from '../in-process-agent.js';
import { cleanups, portOf, serve, tempDir } from './config-fixture.js';
import { parseExposition } from '../health/exposition-parser.js';
import { CONFIG_SCOPE } from '../../src/config/schema.js';

/** A refused PATCH /config answers `{ error }`: every problem, each named by its field path. */
async function errorOf(res: Response): Promise<string> {
  return ((await res.json()) as { error: string }).error;
}


/** An agent on a config of `lines` (0600, with config_token t and a listener on a free port), after its first tick, and a PATCH /config to it. */
async function patchableAgent(dir: string, lines: string[]) {
  const file = join(dir, 'agent.yaml');
  writeFileSync(file, [...lines, 'metrics_listen: "127.0.0.1:0"', 'config_token: t'].join('\n') + '\n');
  chmodSync(file, 0o600);
  const agent = startAgent(file);
  cleanups.push(() => void agent.stop());
  await agent.waitFor(() => agent.logs().some((l) => l.msg === 'tick'), 'a first tick');
  const at = `http://127.0.0.1:${portOf(agent)}/config`;
  const patch = (body: unknown) => fetch(at, { method: 'PATCH', body: JSON.stringify(body), headers: { authorization: 'Bearer t' } });
  return { agent, patch };
}

describe('the fleet config', () => {
  it('is polled with its ETag; a change is taken, an unchanged one costs a 304, a bad one is refused with its field path', async () => {
    const dir = tempDir();
    let version = 1;
    let doc = '{"top_n": 4}';
    const polls: { ifNoneMatch?: string; auth?: string; path: string }[] = [];
    const { url } = await serve((req) => {
      if (req.method !== 'GET') return { status: 202 };
      polls.push({ ifNoneMatch: req.headers['if-none-match'], auth: req.headers.authorization, path: req.url! });
      const etag = `"v${version}"`;
      if (req.headers['if-none-match'] === etag) return { status: 304 };
      return { status: 200, headers: { etag, 'content-type': 'application/json' }, body: doc };
    });
    const file = join(dir, 'agent.yaml');
    writeFileSync(
      file,
      [`proc_root: ${FIXTURE_PROC}`, 'interval_seconds: 0.2', `spool_dir: ${join(dir, 'spool')}`, `queue_dir: ${join(dir, 'queue')}`, `api_url: ${url}/api`,
        'auth_token: fleet-secret', 'host_id: host-7', 'collect_snapshot: false', 'config_poll_seconds: 1', 'metrics_listen: ""', 'top_n: 3', 'scan_cpu_budget_percent: 100'].join('\n') + '\n',
    );
    chmodSync(file, 0o600);
    const agent = startAgent(file);
    cleanups.push(() => void agent.stop());
    const ticks = () => agent.logs().filter((l) => l.msg === 'tick');
    await agent.waitFor(() => ticks().at(-1)?.top === 4, 'N from the fleet');
    expect(polls[0]).toEqual({ path: '/api/agents/host-7/config', auth: 'Bearer fleet-secret', ifNoneMatch: undefined });
    await agent.waitFor(() => polls.length >= 3, 'two more polls');
    expect(polls.slice(1).every((p) => p.ifNoneMatch === '"v1"')).toBe(true);

    version = 2;
    doc = '{"top_n": 0, "colour": "blue"}';
    await agent.waitFor(() => agent.logs().some((l) => l.msg?.startsWith('config change refused')), 'the refusal');
    const refusal = agent.logs().find((l) => l.msg?.startsWith('config change refused'))!;
    expect(refusal.source).toBe('fleet');
    expect(refusal.reason).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/api\/agents\/host-7\/config: /);
    expect(refusal.reason).toMatch(/top_n: expected an integer from 1 to 10000 \(got 0\)/);
    expect(refusal.reason).toMatch(/colour: unknown key/);
    const before = ticks().length;
    await agent.waitFor(() => ticks().length > before + 3, 'ticks after the refusal');
    expect(ticks().at(-1)!.top).toBe(4); // the last good config

    version = 3;
    doc = '{"top_n": 6}';
    await agent.waitFor(() => ticks().at(-1)?.top === 6, 'the next good change');
    expect(await agent.stop()).toBe(0);
    const events = decodeSpool(join(dir, 'spool', 'diag.ldpb'), 'diag').filter((e) => e.module === 'config');
    expect(events.map((e) => e.eventType)).toEqual(['rejected']);
  }, 60_000);
});

describe('PATCH /config', () => {
  it('asks for the token, refuses bad JSON and bad values with their field path, and applies a good change', async () => {
    const dir = tempDir();
    const file = join(dir, 'agent.yaml');
    const base = [`proc_root: ${FIXTURE_PROC}`, 'interval_seconds: 0.2', `spool_dir: ${join(dir, 'spool')}`, 'metrics_listen: "127.0.0.1:0"', 'top_n: 3', 'scan_cpu_budget_percent: 100'];
    writeFileSync(file, base.join('\n') + '\n');
    let agent = startAgent(file);
    cleanups.push(() => void agent.stop());
    await agent.waitFor(() => agent.logs().some((l) => l.msg === 'health listening'), 'the listener');
    const off = await fetch(`http://127.0.0.1:${portOf(agent)}/config`, { method: 'PATCH', body: '{"top_n": 5}' });
    expect(off.status).toBe(403);
    expect(await agent.stop()).toBe(0);

    writeFileSync(file, [...base, 'config_token: local-secret'].join('\n') + '\n');
    chmodSync(file, 0o600);
    agent = startAgent(file);
    await agent.waitFor(() => agent.logs().some((l) => l.msg === 'tick'), 'a first tick');
    const at = `http://127.0.0.1:${portOf(agent)}/config`;
    const patch = (body: string, token = 'local-secret') => fetch(at, { method: 'PATCH', body, headers: { authorization: `Bearer ${token}` } });
    expect((await fetch(at, { method: 'PATCH', body: '{"top_n": 5}' })).status).toBe(401);
    expect((await patch('{"top_n": 5}', 'wrong-secret')).status).toBe(401);
    const broken = await patch('{"top_n": ');
    expect(broken.status).toBe(400);
    expect(await errorOf(broken)).toMatch(/^body: invalid JSON/);
    const bad = await patch('{"top_n": 5, "mode": "fast", "include_names": ["("]}');
    expect(bad.status).toBe(400);
    const problems = await errorOf(bad);
    expect(problems).toMatch(/^PATCH \/config: /);
    expect(problems).toMatch(/mode: expected one of smart, raw \(got "fast"\)/);
    expect(problems).toMatch(/include_names\[0\]: invalid regular expression/);
    expect(agent.logs().filter((l) => l.msg === 'tick').at(-1)!.top).toBe(3); // nothing of the bad change was taken
    const proto = await patch('{"__proto__": {"top_n": 9}}');
    expect(proto.status).toBe(400);
    expect(await errorOf(proto)).toMatch(/__proto__: unknown key/);

    const good = await patch('{"top_n": 5}');
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ generation: 2 });
    await agent.waitFor(() => agent.logs().filter((l) => l.msg === 'tick').at(-1)!.top === 5, 'a tick with the new N');
    // null hands a key back to the lower layers (the file's 3).
    expect((await patch('{"top_n": null}')).status).toBe(200);
    await agent.waitFor(() => agent.logs().filter((l) => l.msg === 'tick').at(-1)!.top === 3, 'the file’s N again');
    expect(await agent.stop()).toBe(0);
  }, 60_000);
});

describe('a change that cannot be applied', () => {
  it('is refused before anything of it is taken: a queue or spool folder that cannot be written', async () => {
    const dir = tempDir();
    let telemetry = 0;
    const { url } = await serve((req) => {
      if (req.url === '/api/telemetry') telemetry++;
      return { status: req.method === 'GET' ? 404 : 202 };
    });
    const file = join(dir, 'agent.yaml');
    writeFileSync(file, [`proc_root: ${FIXTURE_PROC}`, 'interval_seconds: 0.1', `spool_dir: ${join(dir, 'spool')}`, `queue_dir: ${join(dir, 'queue')}`, `api_url: ${url}/api`, 'collect_snapshot: false',
      'metrics_listen: "127.0.0.1:0"', 'config_token: t', 'scan_cpu_budget_percent: 100', 'top_n: 3'].join('\n') + '\n');
    chmodSync(file, 0o600);
    const agent = runAgent(file);
    cleanups.push(() => void agent.stop());
    await agent.waitFor(() => telemetry >= 2, 'telemetry');
    const at = `http://127.0.0.1:${portOf(agent)}/config`;
    // Folders are local-only keys: the file is the one layer that may move them (read at once on SIGHUP).
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const failedChanges = () => agent.logs().filter((l) => l.msg?.startsWith('config change could not be applied'));
    writeFileSync(file, [...lines.filter((l) => !l.startsWith('queue_dir') && !l.startsWith('top_n')), 'queue_dir: /proc/iw-not-a-folder', 'top_n: 4'].join('\n') + '\n');
    agent.child.kill('SIGHUP');
    // (The file's own poll may read a refused file again: each read is one more refusal.)
    const refusedFor = (re: RegExp) => failedChanges().some((l) => re.test(l.reason as string));
    await agent.waitFor(() => refusedFor(/: \/proc\/iw-not-a-folder\/http: not a writable folder/), 'the queue folder refused');
    writeFileSync(file, [...lines.filter((l) => !l.startsWith('spool_dir')), 'spool_dir: /proc/iw-not-a-folder'].join('\n') + '\n');
    agent.child.kill('SIGHUP');
    await agent.waitFor(() => refusedFor(/spool_dir: \/proc\/iw-not-a-folder/), 'the spool folder refused');
    // A queue folder another agent holds: refused before the sink is stopped.
    const other = join(dir, 'other');
    const otherFile = join(dir, 'other.yaml');
    writeFileSync(otherFile, [`proc_root: ${FIXTURE_PROC}`, 'interval_seconds: 0.5', `spool_dir: ${join(other, 'spool')}`, `queue_dir: ${join(other, 'queue')}`, `api_url: ${url}/api`, 'collect_snapshot: false', 'metrics_listen: ""'].join('\n') + '\n');
    const otherAgent = runAgent(otherFile);
    cleanups.push(() => void otherAgent.stop());
    await otherAgent.waitFor(() => otherAgent.logs().some((l) => l.msg === 'tick'), 'the other agent');
    writeFileSync(file, [...lines.filter((l) => !l.startsWith('queue_dir')), `queue_dir: ${join(other, 'queue')}`].join('\n') + '\n');
    agent.child.kill('SIGHUP');
    await agent.waitFor(() => refusedFor(new RegExp(`other/queue/http/\\.lock is held by pid ${otherAgent.child.pid}`)), 'the held queue folder refused');
    writeFileSync(file, lines.join('\n') + '\n');
    // Nothing of any was taken: the same N, the same sink, ticks and telemetry go on.
    const before = telemetry;
    await agent.waitFor(() => telemetry >= before + 3, 'telemetry after the refusals');
    expect(agent.logs().filter((l) => l.msg === 'tick').at(-1)!.top).toBe(3);
    const metrics = parseExposition(await (await fetch(at.replace('/config', '/metrics'))).text());
    expect(metrics.get('agent_config_changes_total')!.samples.find((x) => x.labels.result === 'failed')!.value).toBe(failedChanges().length);
    expect(failedChanges().length).toBeGreaterThanOrEqual(3);
    expect(metrics.get('agent_config_generation')!.samples[0].value).toBe(1);
    expect(await agent.stop()).toBe(0);
    expect(await otherAgent.stop()).toBe(0);
  }, 60_000);
});

describe('the sketch window across a change', () => {
  it('runs on through a change of N or pins; a change of the display rules ships it first; no per-name sketch is lost', async () => {
    const dir = tempDir();
    const { agent, patch } = await patchableAgent(dir, [`proc_root: ${FIXTURE_PROC}`, 'interval_seconds: 0.1', `spool_dir: ${join(dir, 'spool')}`, 'scan_cpu_budget_percent: 100', 'sketch_window_s: 3600']);
    await agent.waitFor(() => agent.logs().filter((l) => l.msg === 'tick').length >= 3, 'three ticks');
    const flushes = () => agent.logs().filter((l) => l.msg === 'sketches flushed');
    expect((await patch({ top_n: 5, include_names: ['^bash$'] })).status).toBe(200);
    await sleep(300);
    expect(flushes()).toHaveLength(0); // the window runs on
    expect((await patch({ display_name_rules: [{ match: '^(.).*', name: '$1' }] })).status).toBe(200);
    await agent.waitFor(() => flushes().length === 1, 'the window shipped before the display ids change');
    await sleep(300);
    expect(await agent.stop()).toBe(0);
    expect(flushes()).toHaveLength(2); // and the partial one at the stop
    expect(flushes().every((f) => f.evictions === 0)).toBe(true);
    const keys = decodeSpool(join(dir, 'spool', 'sketches.ldpb'), 'sketch').map((e) => e.displayName as string);
    // The first window has the names as they were; the second the folded ones.
    expect(keys).toContain('java');
    expect(keys).toContain('j');
  }, 60_000);
});

describe('remote layers tune collection, never move trust', () => {
  it('classes every key the issue names as local-only, and the collection keys as remote-tunable', () => {
    const local = ['api_url', 'auth_token', 'otlp_endpoint', 'otlp_headers', 'spool_dir', 'queue_dir', 'proc_root', 'host_root', 'metrics_listen', 'config_token', 'env_whitelist', 'disk_mounts', 'host_id', 'scrub_cmdline'];
    const remote = ['top_n', 'mode', 'interval_seconds', 'sketch_window_s', 'sketch_scale', 'include_names', 'display_name_rules', 'scrub_extra_words'];
    for (const k of local) expect(CONFIG_SCOPE[k as keyof typeof CONFIG_SCOPE], k).toBe('local');
    for (const k of remote) expect(CONFIG_SCOPE[k as keyof typeof CONFIG_SCOPE], k).toBe('remote');
    // config/README.md's column "set by" says the same for every key.
    const rows = readFileSync(new URL('../../config/README.md', import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('| `')).map((l) => l.split(' | '));
    for (const [key, scope] of Object.entries(CONFIG_SCOPE)) {
      const row = rows.find((cells) => cells[0].includes(`\`${key}\``));
      expect(row?.[4], key).toBe(scope === 'local' ? 'file' : 'file, fleet, PATCH');
    }
  });

  it('refuses a fleet document that names a local-only key whole, once, and takes the next one that does not', async () => {
    const dir = tempDir();
    const evil: string[] = [];
    const { url: evilUrl } = await serve((req) => {
      evil.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      return { status: 200, body: '{}' };
    });
    let doc = JSON.stringify({ api_url: `${evilUrl}/api`, spool_dir: join(dir, 'elsewhere'), metrics_listen: '0.0.0.0:0', top_n: 4 });
    let version = 1;
    let polls = 0;
    const { url } = await serve((req) => {
      if (req.method !== 'GET') return { status: 202 };
      polls++;
      const etag = `"v${version}"`;
      if (req.headers['if-none-match'] === etag) return { status: 304 };
      return { status: 200, headers: { etag }, body: doc };
    });
    const file = join(dir, 'agent.yaml');
    writeFileSync(file, [`proc_root: ${FIXTURE_PROC}`, 'interval_seconds: 0.2', `spool_dir: ${join(dir, 'spool')}`, `queue_dir: ${join(dir, 'queue')}`, `api_url: ${url}/api`,
      'auth_token: fleet-secret', 'collect_snapshot: false', 'config_poll_seconds: 1', 'metrics_listen: "127.0.0.1:0"', 'top_n: 3', 'scan_cpu_budget_percent: 100'].join('\n') + '\n');
    chmodSync(file, 0o600);
    const agent = startAgent(file);
    cleanups.push(() => void agent.stop());
    const ticks = () => agent.logs().filter((l) => l.msg === 'tick');
    await agent.waitFor(() => polls >= 4, 'four polls');
    const refusals = agent.logs().filter((l) => l.keys !== undefined && l.source === 'fleet');
    expect(refusals).toHaveLength(1); // refused once, not on every poll
    expect(refusals[0].keys).toEqual(['api_url', 'spool_dir', 'metrics_listen']);
    expect(evil).toEqual([]); // the token went nowhere else
    expect(ticks().at(-1)!.top).toBe(3); // refused whole: not even its top_n
    const metrics = parseExposition(await (await fetch(`http://127.0.0.1:${portOf(agent)}/metrics`)).text());
    const count = (result: string) => metrics.get('agent_config_changes_total')!.samples.find((x) => x.labels.source === 'fleet' && x.labels.result === result)?.value ?? 0;
    expect(count('refused_local_only')).toBe(1);
    expect(count('applied')).toBe(0);

    // A new document that only tunes collection is taken, once.
    version = 2;
    doc = JSON.stringify({ top_n: 4 });
    await agent.waitFor(() => ticks().at(-1)?.top === 4, 'the tuning document');
    const seen = polls;
    await agent.waitFor(() => polls >= seen + 2, 'two more polls');
    expect(await agent.stop()).toBe(0);
    expect(agent.logs().filter((l) => l.msg === 'config reloaded')).toHaveLength(1);
    const events = decodeSpool(join(dir, 'spool', 'diag.ldpb'), 'diag').filter((e) => e.module === 'config');
    expect(events.map((e) => e.eventType)).toEqual(['local_only_refused']);
    expect(events[0].reason).toMatch(/refused whole: api_url, spool_dir, metrics_listen may be set only in the config file/);
  }, 60_000);

  it('refuses PATCH /config of a local-only key with 403, naming it, and keeps the listener where it was', async () => {
    const dir = tempDir();
    const { agent, patch } = await patchableAgent(dir, [`proc_root: ${FIXTURE_PROC}`, 'interval_seconds: 0.2', `spool_dir: ${join(dir, 'spool')}`, 'top_n: 3', 'scan_cpu_budget_percent: 100']);
    for (const body of [{ metrics_listen: '0.0.0.0:0' }, { proc_root: dir, top_n: 5 }, { env_whitelist: ['HOME'] }, { config_token: null }, { otlp_headers: { a: 'b' } }]) {
      const res = await patch(body);
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(await errorOf(res)).toMatch(new RegExp(`^PATCH /config: refused whole: ${Object.keys(body)[0]} may be set only in the config file`));
    }
    expect((await patch({ top_n: 5 })).status).toBe(200);
    await agent.waitFor(() => agent.logs().filter((l) => l.msg === 'tick').at(-1)!.top === 5, 'the tuning change');
    expect(agent.logs().filter((l) => l.msg === 'health listening')).toHaveLength(1);
    expect(await agent.stop()).toBe(0);
  }, 60_000);

  it('reads a fleet document only up to its cap: a gzip bomb is cut off, counted, and costs no memory', async () => {
    const dir = tempDir();
    // 512 MiB of spaces, ~0.5 MB on the wire: 512 gzip members of 1 MiB each, one stream to a reader (made in ms, not the seconds of compressing 512 MiB).
    const bomb = Buffer.concat(Array<Buffer>(512).fill(gzipSync(Buffer.alloc(1 << 20, 0x20))));
    const { url } = await serve((req) => (req.method === 'GET' ? { status: 200, headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' }, body: bomb as unknown as string } : { status: 202 }));
    const file = join(dir, 'agent.yaml');
    writeFileSync(file, [`proc_root: ${FIXTURE_PROC}`, 'interval_seconds: 0.2', `spool_dir: ${join(dir, 'spool')}`, `queue_dir: ${join(dir, 'queue')}`, `api_url: ${url}/api`,
      'collect_snapshot: false', 'config_poll_seconds: 1', 'metrics_listen: ""', 'scan_cpu_budget_percent: 100'].join('\n') + '\n');
    const agent = runAgent(file);
    cleanups.push(() => void agent.stop());
    const failed = () => agent.logs().filter((l) => l.msg?.startsWith('fleet config poll failed'));
    await agent.waitFor(() => failed().length >= 1, 'the poll refused');
    await sleep(2500); // more polls of the same bomb
    const peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${agent.child.pid}/status`, 'utf8'))![1]);
    expect(await agent.stop()).toBe(0);
    expect(failed()[0].reason).toMatch(/body: more than a config's 1048576 bytes \(after decompression\)/);
    expect(peakKb / 1024).toBeLessThan(200); // before: the whole 512 MiB inflated, on every poll
  }, 60_000);
});

describe('patterns from the network', () => {
  it('cannot hold the main thread: a catastrophic pattern falls back to linear time, one without that fallback is refused', async () => {
    const dir = tempDir();
    const proc = copyFixtureProc();
    cleanups.push(() => rmSync(proc, { recursive: true, force: true }));
    writeFileSync(join(proc, '100', 'cmdline'), `${'a'.repeat(32)}b\0`);
    const { agent, patch } = await patchableAgent(dir, [`proc_root: ${proc}`, 'interval_seconds: 0.2', `spool_dir: ${join(dir, 'spool')}`, 'scan_cpu_budget_percent: 100']);
    // (a+)+ against 32 a's and a b: about 2^32 steps of backtracking (minutes) without the fallback.
    expect((await patch({ include_cmdlines: ['^(a+)+$'] })).status).toBe(200);
    const ticks = () => agent.logs().filter((l) => l.msg === 'tick').length;
    const seen = ticks();
    await agent.waitFor(() => ticks() >= seen + 5, 'five more ticks', 15_000); // minutes without the fallback
    const refused = await patch({ exclude_names: ['^x$', '(a)\\1'], display_name_rules: [{ match: '(?=k)kworker', name: 'k' }], top_n: 0 });
    expect(refused.status).toBe(400);
    const error = await errorOf(refused);
    expect(error).toMatch(/exclude_names\[1\]: a pattern with a backreference or lookaround may be set only in the config file/);
    expect(error).toMatch(/display_name_rules\[0\]\.match: a pattern with a backreference/);
    expect(error).toMatch(/top_n: expected an integer/); // and the document's other problems, all at once
    expect(await agent.stop()).toBe(0);
  }, 60_000);
});
