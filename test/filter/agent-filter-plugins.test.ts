// The filter plugins in a running agent (the AgentRunner that `infrawatch
// run` starts, in this process): what leaves in the spool is what the
// plugin made of it, a plugin refused at start holds its rows back and is
// named in an AgentDiagEvent, and a reload naming a plugin that does not
// verify is refused while the last good set keeps running.

import { appendFileSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localOnlyKeysIn } from '../../src/config/schema.js';
import { signPlugin } from '../../src/filter/plugin-signature.js';
import { serve } from '../config/config-fixture.js';
import { copyFixtureProc, decodeSpool, FIXTURE_PROC } from '../helpers.js';
import { startAgent, stopInProcessAgents } from '../in-process-agent.js';
import { KEY, NOTE_SECTION, signedCopy, tempDir } from './plugin-fixture.js';

afterEach(stopInProcessAgents);

/** A /proc tree whose processes 101 and 102 have the command lines the redaction acts on. */
function procTree(): string {
  const proc = copyFixtureProc();
  writeFileSync(join(proc, '101', 'cmdline'), 'worker\0--tenant-acme7\0--password=hunter2\0');
  writeFileSync(join(proc, '102', 'cmdline'), 'backup\0--iw-private\0');
  return proc;
}

function configText(dir: string, proc: string, plugin: { path: string; signature: string }): string {
  return [
    `proc_root: ${proc}`,
    'interval_seconds: 0.2',
    `spool_dir: ${join(dir, 'spool')}`,
    'metrics_listen: ""',
    'scan_cpu_budget_percent: 100',
    'top_n: 100',
    'sketch_enable: false',
    `filter_plugin_public_key: ${KEY.publicKey}`,
    'filter_plugins:',
    `  - { path: ${plugin.path}, signature: ${plugin.signature}, fields: [command_line] }`,
    '',
  ].join('\n');
}

const ticks = (agent: ReturnType<typeof startAgent>) => agent.logs().filter((l) => l.msg === 'tick').length;

describe('filter plugins in the running agent', () => {
  it('ship what the plugin made of the rows; a reload naming a changed plugin is refused, named, and the last good set keeps running', async () => {
    const dir = tempDir();
    const proc = procTree();
    const good = signedCopy(dir, 'redact-tenant');
    const file = join(dir, 'agent.yaml');
    writeFileSync(file, configText(dir, proc, good));
    const agent = startAgent(file);
    await agent.waitFor(() => ticks(agent) >= 2, 'two ticks');

    // The same plugin, changed after it was signed, under a new name.
    const tampered = { path: join(dir, 'redact-changed.wasm'), signature: good.signature };
    copyFileSync(good.path, tampered.path);
    appendFileSync(tampered.path, NOTE_SECTION);
    writeFileSync(file, configText(dir, proc, tampered));
    await agent.reload();
    expect(agent.runner.changes.get('file/failed')).toBeGreaterThanOrEqual(1);
    const refusal = agent.logs().find((l) => l.msg === 'filter plugin refused')!;
    expect(refusal).toMatchObject({ module: 'filter.redact-changed', path: tampered.path });
    expect(refusal.reason).toMatch(/does not verify against filter_plugin_public_key/);
    const before = ticks(agent);
    await agent.waitFor(() => ticks(agent) >= before + 3, 'ticks after the refused reload');
    expect(await agent.stop()).toBe(0);

    const envelopes = decodeSpool(join(dir, 'spool', 'processes.ldpb'));
    expect(envelopes.length).toBeGreaterThanOrEqual(5);
    for (const e of envelopes) {
      const top = e.payload.top as { processId: number; commandLine?: string }[];
      expect(top.find((r) => r.processId === 101)?.commandLine).toBe('worker --tenant-**** --password=********');
      expect(top.find((r) => r.processId === 117)?.commandLine).toBe('java -Dpassword=******** -jar app.jar --api-key ********');
      expect(top.some((r) => r.processId === 102)).toBe(false);
    }
    const events = decodeSpool(join(dir, 'spool', 'diag.ldpb'), 'diag');
    // Refused on SIGHUP's read and, maybe, again on the file watch's: each time named.
    const refused = events.filter((e) => e.module === 'filter.redact-changed');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.every((e) => e.eventType === 'plugin_refused')).toBe(true);
    expect(events.filter((e) => e.module === 'config').map((e) => e.eventType)).toEqual(refused.map(() => 'apply_failed'));
  }, 60_000);

  it('a plugin rebuilt at the same path is read again on SIGHUP: signed, it is taken; changed after signing, refused, and the last good set runs on', async () => {
    const dir = tempDir();
    const proc = procTree();
    const plugin = signedCopy(dir, 'redact-tenant');
    const file = join(dir, 'agent.yaml');
    writeFileSync(file, configText(dir, proc, plugin));
    const agent = startAgent(file);
    await agent.waitFor(() => ticks(agent) >= 2, 'two ticks');
    await agent.reload(); // nothing changed: nothing read again
    expect(agent.logs().some((l) => l.msg === 'filter plugins reloaded')).toBe(false);

    // A new build (a custom section more) signed again at the same paths.
    appendFileSync(plugin.path, NOTE_SECTION);
    writeFileSync(plugin.signature, signPlugin(readFileSync(plugin.path), KEY.privateKeyPem));
    await agent.reload();
    expect(agent.logs().filter((l) => l.msg === 'filter plugins reloaded')).toHaveLength(1);
    expect(agent.runner.changes.get('file/applied')).toBe(1);

    // Changed again, not signed again: refused; the build taken above keeps running.
    appendFileSync(plugin.path, NOTE_SECTION);
    await agent.reload();
    expect(agent.runner.changes.get('file/failed')).toBe(1);
    expect(agent.logs().find((l) => l.msg === 'filter plugin refused')!.reason).toMatch(/does not verify/);
    const before = ticks(agent);
    await agent.waitFor(() => ticks(agent) >= before + 2, 'ticks after the refusal');
    expect(await agent.stop()).toBe(0);
    for (const e of decodeSpool(join(dir, 'spool', 'processes.ldpb'))) {
      const top = e.payload.top as { processId: number; commandLine?: string }[];
      expect(top.find((r) => r.processId === 101)?.commandLine).toBe('worker --tenant-**** --password=********');
    }
  }, 60_000);

  it('a plugin refused at start (unsigned) is named, and the rows it would filter are held back, counted', async () => {
    const dir = tempDir();
    const proc = procTree();
    const plugin = signedCopy(dir, 'redact-tenant');
    const file = join(dir, 'agent.yaml');
    writeFileSync(file, configText(dir, proc, { path: plugin.path, signature: join(dir, 'nowhere.sig') }));
    const agent = startAgent(file);
    await agent.waitFor(() => ticks(agent) >= 2, 'two ticks');
    const metrics = agent.runner.current!.metrics.collect();
    const rows = metrics.find((m) => m.name === 'agent_filter_rows_total')!;
    const held = rows.samples.find(([labels]) => labels.outcome === 'held')!;
    expect(held[1]).toBeGreaterThan(0);
    const loaded = metrics.find((m) => m.name === 'agent_filter_plugin_loaded')!;
    expect(loaded.samples).toEqual([[{ plugin: 'redact-tenant' }, 0]]);
    // /healthz names it (its check, without the listener).
    const health = (agent.runner.current as unknown as { healthCheck(): { ok: boolean; component?: string } }).healthCheck();
    expect(health).toMatchObject({ ok: false, component: 'filter.redact-tenant' });
    expect(await agent.stop()).toBe(0);
    for (const e of decodeSpool(join(dir, 'spool', 'processes.ldpb'))) expect(e.payload.top ?? []).toEqual([]);
    const events = decodeSpool(join(dir, 'spool', 'diag.ldpb'), 'diag').filter((e) => e.module === 'filter.redact-tenant');
    expect(events).toHaveLength(1);
    expect(events[0].reason).toMatch(/nowhere\.sig: the plugin's signature: ENOENT/);
  }, 60_000);

  it("filter the snapshot's environment values the http sink ships", async () => {
    const snapshots: Record<string, any>[] = [];
    const { url } = await serve((req, body) => {
      if (req.url === '/api/snapshot') snapshots.push(JSON.parse(body));
      return { status: req.method === 'GET' ? 404 : 202 };
    });
    const dir = tempDir();
    const plugin = signedCopy(dir, 'redact-tenant');
    const file = join(dir, 'agent.yaml');
    const text = configText(dir, FIXTURE_PROC, plugin).replace('fields: [command_line]', 'fields: [env_value]');
    writeFileSync(
      file,
      `${text}api_url: "${url}/api"
queue_dir: ${join(dir, 'queue')}
env_whitelist: [IW_FILTER_TEST_TENANT, IW_FILTER_TEST_PLAIN]
`,
    );
    process.env.IW_FILTER_TEST_TENANT = 'db-tenant-acme9.internal';
    process.env.IW_FILTER_TEST_PLAIN = 'eu-west';
    try {
      const agent = startAgent(file);
      await agent.waitFor(() => snapshots.length > 0, 'a snapshot');
      expect(snapshots[0].env_vars).toEqual({ IW_FILTER_TEST_TENANT: 'db-tenant-****.internal', IW_FILTER_TEST_PLAIN: 'eu-west' });
      expect(await agent.stop()).toBe(0);
    } finally {
      delete process.env.IW_FILTER_TEST_TENANT;
      delete process.env.IW_FILTER_TEST_PLAIN;
    }
  }, 60_000);

  it('are set only by the config file: the fleet and PATCH /config may not name them', () => {
    const doc = { filter_plugins: [], filter_plugin_public_key: KEY.publicKey, filter_plugin_failure: 'scrubbed', top_n: 5 };
    expect(localOnlyKeysIn(doc)).toEqual(['filter_plugins', 'filter_plugin_public_key', 'filter_plugin_failure']);
  });
});
