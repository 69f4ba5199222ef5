// A real agent (`infrawatch run`, through runAgent: a serial test file)
// polling the embedded server's fleet config every second picks up top_n
// from a rule set with `infrawatch fleet rules set` (the CLI, another
// process, on the server's fleet.db) within 30 s, as its tick lines' `top`
// show, and hands the key back to its file when the rule is deleted.

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAgentConfig } from '../../agent-config.js';
import { CLI, FIXTURE_PROC, isTick, runAgent } from '../../helpers.js';
import { type Fixture, serverYaml, startFixture } from '../server-fixture.js';

const run = promisify(execFile);
const HOST = 'host-fleet-1';
const FILE_TOP_N = 6;
const RULE_TOP_N = 2;

let f: Fixture;
let serverConfig: string;
beforeAll(async () => {
  f = await startFixture();
  // The same store.path as the running server's: the CLI finds its fleet.db beside it.
  serverConfig = join(f.dir, 'server.yaml');
  writeFileSync(serverConfig, `${serverYaml(f.dir)}\n`, { mode: 0o600 });
});
afterAll(async () => {
  await f.close();
});

const fleet = async (...args: string[]) => (await run(process.execPath, [CLI, 'fleet', ...args, '--config', serverConfig])).stdout;

describe('a real agent and `infrawatch fleet rules`', () => {
  it('picks up top_n from a rule within 30 s, and the file value back when the rule is deleted', async () => {
    const token = await f.token({}, { host: HOST });
    const dir = mkdtempSync(join(tmpdir(), 'iw-agent-fleet-'));
    const config = writeAgentConfig(join(dir, 'agent.yaml'), HOST, dir, [
      `api_url: "${f.url}/api"`,
      `auth_token: "${token}"`,
      'interval_seconds: 0.3',
      'config_poll_seconds: 1',
      `top_n: ${FILE_TOP_N}`,
      'collect_snapshot: false',
      `proc_root: ${FIXTURE_PROC}`,
    ]);
    const agent = runAgent(config);
    const lastTop = () => agent.logs().filter(isTick).at(-1)?.top;
    try {
      await agent.waitFor(() => lastTop() === FILE_TOP_N, `ticks with top ${FILE_TOP_N} (the file's top_n)`);

      // A local key is refused by the CLI, naming the field path; nothing is stored.
      const refused = await run(process.execPath, [CLI, 'fleet', 'rules', 'set', 'bad', '--all', 'top_n=3', 'api_url=http://x', '--config', serverConfig]).catch(
        (err: { code: number; stderr: string }) => err,
      );
      expect((refused as { code: number }).code).toBe(2);
      expect((refused as { stderr: string }).stderr).toMatch(/keys\.api_url: may be set only in the agent's config file on the host/);

      expect(await fleet('rules', 'set', 'fewer-rows', '--hosts', `${HOST},other-host`, `top_n=${RULE_TOP_N}`)).toMatch(/rule fewer-rows of acme set: hosts: host-fleet-1, other-host/);
      expect(await fleet('rules', 'list')).toMatch(/acme\s+fewer-rows\s+100\s+hosts: host-fleet-1, other-host\s+\{"top_n":2\}/);
      expect(await fleet('config', HOST)).toContain('{"top_n":2}');
      const setAt = Date.now();
      await agent.waitFor(() => lastTop() === RULE_TOP_N, `ticks with top ${RULE_TOP_N} (the rule's top_n)`, 30_000);
      const pickedUpMs = Date.now() - setAt;
      expect(pickedUpMs).toBeLessThan(30_000);
      expect(agent.logs().some((l) => l.msg === 'config reloaded' && l.source === 'fleet')).toBe(true);

      expect(await fleet('rules', 'delete', 'fewer-rows')).toMatch(/rule fewer-rows of acme deleted/);
      await agent.waitFor(() => lastTop() === FILE_TOP_N, `ticks with top ${FILE_TOP_N} again (the rule deleted)`, 30_000);
      expect(await fleet('rules', 'list')).toBe('(no rules)\n');
    } finally {
      expect(await agent.stop()).toBe(0);
    }
  }, 90_000);
});
