import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { CONFIG_SPEC, DEFAULT_CONFIG } from '../../src/config/schema.js';
import { CLI } from '../helpers.js';

function configFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'iw-config-')), 'agent.yaml');
  writeFileSync(file, text);
  return file;
}

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected an error');
}

describe('loadConfig', () => {
  it('takes a token in a file its group may read (root:infrawatch 640, as installed) and refuses one every user may read', () => {
    for (const key of ['auth_token', 'config_token']) {
      const file = configFile(`${key}: "s3cret"\n`);
      chmodSync(file, 0o640);
      expect(loadConfig(file)[key as 'auth_token']).toBe('s3cret');
      chmodSync(file, 0o604);
      expect(errorOf(() => loadConfig(file)).message).toMatch(new RegExp(`${key} is set in a file that others can read \\(mode 0604\\); run: chmod 600 `));
    }
  });

  it('config/agent.yaml states exactly the embedded defaults', () => {
    const file = fileURLToPath(new URL('../../config/agent.yaml', import.meta.url));
    expect(loadConfig(file)).toEqual(DEFAULT_CONFIG);
  });

  it('every key is stated in config/agent.yaml and has a row in config/README.md that says what a change does', () => {
    const yaml = readFileSync(fileURLToPath(new URL('../../config/agent.yaml', import.meta.url)), 'utf8');
    const rows = readFileSync(fileURLToPath(new URL('../../config/README.md', import.meta.url)), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) => l.split(' | '));
    for (const key of Object.keys(CONFIG_SPEC)) {
      expect(yaml, key).toMatch(new RegExp(`^${key}:`, 'm'));
      const row = rows.find((cells) => cells[0].includes(`\`${key}\``));
      expect(row, key).toBeDefined();
      expect(row!.length, key).toBeGreaterThanOrEqual(5); // key, default, range, on a change, what it does
      expect(row![3].trim(), key).not.toBe('');
    }
  });

  it('takes a config file written for the original Infra-Watch agent unchanged', () => {
    const file = configFile(
      'api_url: "http://localhost:8000/api"\nauth_token: "your-jwt-token"\nhost_id: "host-abc-123"\ninterval_seconds: 60\nsnapshot_interval: 3600  # optional\ncollect_snapshot: true\nenv_whitelist:\n  - "APP_ENV"\n  - "DEBUG"\n',
    );
    chmodSync(file, 0o600);
    expect(loadConfig(file)).toMatchObject({
      api_url: 'http://localhost:8000/api',
      auth_token: 'your-jwt-token',
      host_id: 'host-abc-123',
      interval_seconds: 60,
      snapshot_interval: 3600,
      collect_snapshot: true,
      env_whitelist: ['APP_ENV', 'DEBUG'],
    });
  });

  it('fills unset keys with defaults', () => {
    expect(loadConfig(configFile('top_n: 5\n'))).toEqual({ ...DEFAULT_CONFIG, top_n: 5 });
    expect(loadConfig(configFile(''))).toEqual(DEFAULT_CONFIG);
  });

  it('names every bad field with its path and the value it got', () => {
    const err = errorOf(() => loadConfig(configFile('interval_seconds: "soon"\ntop_n: 0\npool_size: many\ncolour: blue\n')));
    expect(err.code).toBe('IW_ERR_CONFIG');
    expect(err.message).toMatch(/interval_seconds: expected a number from 0.1 to 3600 \(got "soon"\)/);
    expect(err.message).toMatch(/top_n: expected an integer from 1 to 10000 \(got 0\)/);
    expect(err.message).toMatch(/pool_size: expected "auto" or an integer from 0 to 64 \(got "many"\)/);
    expect(err.message).toMatch(/colour: unknown key/);
  });

  it('names the item of a list that is wrong', () => {
    const err = errorOf(() => loadConfig(configFile('include_names: ["^ok$", "(unclosed"]\nscrub_extra_words: [pin, 3]\nmode: fast\n')));
    expect(err.message).toMatch(/include_names\[1\]: invalid regular expression: /);
    expect(err.message).toMatch(/scrub_extra_words: expected a list of non-empty strings \(got a list of 2 items\)/);
    expect(err.message).toMatch(/mode: expected one of smart, raw \(got "fast"\)/);
    const rules = errorOf(() => loadConfig(configFile('display_name_rules:\n  - { match: "^ok", name: ok }\n  - { match: "(", name: x }\n  - { match: a }\n')));
    expect(rules.message).toMatch(/display_name_rules\[1\]\.match: invalid regular expression/);
    expect(loadConfig(configFile('display_name_rules:\n  - { match: "^k", name: k }\n')).display_name_rules).toEqual([{ match: '^k', name: 'k' }]);
  });

  it('process_threads: { top: K } from 0 to 64, each problem named by its field path', () => {
    expect(DEFAULT_CONFIG.process_threads).toEqual({ top: 0 });
    expect(loadConfig(configFile('process_threads: { top: 4 }\n')).process_threads).toEqual({ top: 4 });
    expect(errorOf(() => loadConfig(configFile('process_threads: { top: 65 }\n'))).message).toMatch(/process_threads\.top: expected an integer from 0 to 64 \(got 65\)/);
    expect(errorOf(() => loadConfig(configFile('process_threads: { top: 1.5 }\n'))).message).toMatch(/process_threads\.top: expected an integer from 0 to 64 \(got 1\.5\)/);
    expect(errorOf(() => loadConfig(configFile('process_threads: { top: 2, tops: 3 }\n'))).message).toMatch(/process_threads\.tops: unknown key \(expected top\)/);
    expect(errorOf(() => loadConfig(configFile('process_threads: 4\n'))).message).toMatch(/process_threads: expected \{ top: an integer from 0 to 64 \} \(got 4\)/);
  });

  it('proc_root follows host_root unless the file sets one; host_root must be an absolute path', () => {
    expect(DEFAULT_CONFIG).toMatchObject({ host_root: '/', proc_root: '/proc' });
    expect(loadConfig(configFile('host_root: /host\n'))).toMatchObject({ host_root: '/host', proc_root: '/host/proc' });
    expect(loadConfig(configFile('host_root: /host\nproc_root: ""\n')).proc_root).toBe('/host/proc');
    // A proc_root set before host_root existed, or set on purpose, is taken as it is.
    expect(loadConfig(configFile('proc_root: /proc\nhost_root: /host\n')).proc_root).toBe('/proc');
    expect(loadConfig(configFile('proc_root: /srv/fixture/proc\n')).proc_root).toBe('/srv/fixture/proc');
    const err = errorOf(() => loadConfig(configFile('host_root: host\n')));
    expect(err.code).toBe('IW_ERR_CONFIG');
    expect(err.message).toMatch(/host_root: expected an absolute path \(got a string of 4 characters\)/);
  });

  it('refuses a document that is not a mapping', () => {
    const err = errorOf(() => loadConfig(configFile('- top_n\n- 5\n')));
    expect(err.code).toBe('IW_ERR_CONFIG');
    expect(err.message).toMatch(/expected a mapping of keys to values/);
  });

  it('points at the line and column of broken YAML', () => {
    const err = errorOf(() => loadConfig(configFile('top_n: 5\nspool_dir: [unclosed\n')));
    expect(err.code).toBe('IW_ERR_CONFIG');
    expect(err.message).toMatch(/invalid YAML at line \d+, column \d+/);
  });

  it('names a config file that cannot be read', () => {
    const err = errorOf(() => loadConfig('/nonexistent/agent.yaml'));
    expect(err.code).toBe('IW_ERR_CONFIG');
    expect(err.message).toMatch(/\/nonexistent\/agent.yaml: cannot read config/);
  });
});

// Issue 11 §1 and §7: the config file is an input like any other. A config
// that was a symlink to /etc/shadow printed its lines; an alias bomb or an
// unresolved alias ended the agent with a stack; a FIFO hung it.
describe('a config file that is hostile or not a config', () => {
  const MARKER = 'S3CRET-MARKER-7f3a';
  /** `infrawatch run --config FILE`: exit code and stderr (a stack has "    at " lines). */
  const run = (file: string) => spawnSync(process.execPath, [CLI, 'run', '--config', file], { encoding: 'utf8', timeout: 15_000 });

  function secretFile(text: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'iw-config-'));
    const secret = join(dir, 'secret');
    writeFileSync(secret, text);
    const link = join(dir, 'agent.yaml');
    symlinkSync(secret, link);
    return link;
  }

  it('a symlink to a file of secrets: the error names the file and the problem, never a line of it', () => {
    const cases: [string, RegExp][] = [
      // /etc/shadow's shape: each line a key (it ends in ':').
      [`root:$6$${MARKER}$abc:19000:0:99999:7:::\ndaemon:*:${MARKER}:0:99999:7:::\n`, /\(a key of \d+ characters\): unknown key; \(a key of \d+ characters\): unknown key/],
      [`root:$6$${MARKER}$abc:19000:0:99999:7\ndaemon:*:${MARKER}:0:99999:7\n`, /\(top level\): expected a mapping of keys to values \(got a string of \d+ characters\)/],
      [`password: ${MARKER}\n`, /password: unknown key/],
      [`auth_token: [${MARKER}]\nhost_id: 12345\n`, /auth_token: expected a string \(got a list of 1 items\).*host_id: expected a string \(got a number\)/],
      [`include_names: ["${MARKER}("]\n`, /include_names\[0\]: invalid regular expression: Unterminated group/],
      [`${MARKER}-${'x'.repeat(100)}: 1\n`, /\(a key of 119 characters\): unknown key/],
      [Array.from({ length: 9 }, (_, i) => `k${i}: ${MARKER}`).join('\n'), /k0: unknown key; k1: unknown key; k2: unknown key; k3: unknown key; k4: unknown key; 4 more unknown keys/],
      [`top_n: 5\nspool_dir: [${MARKER}\n`, /invalid YAML at line \d+, column \d+: /],
      [`top_n: *${MARKER}\n`, /invalid YAML at line 1, column 8: bad alias|invalid YAML: an alias that cannot be resolved/],
    ];
    for (const [text, problem] of cases) {
      const file = secretFile(text);
      const err = errorOf(() => loadConfig(file));
      expect(err.code, text).toBe('IW_ERR_CONFIG');
      expect(err.message, text).toContain(file);
      expect(err.message, text).toMatch(problem);
      expect(err.message, text).not.toContain(MARKER.slice(0, 10));
      const out = run(file);
      expect(out.status, text).toBe(2);
      expect(out.stderr, text).toContain(`IW_ERR_CONFIG: ${file}: `);
      expect(out.stderr, text).not.toContain(MARKER.slice(0, 10));
      expect(out.stderr, text).not.toMatch(/^\s+at /m);
    }
  });

  it('an alias bomb is IW_ERR_CONFIG, exit 2, not a stack', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const file = configFile(levels.join('\n') + '\n');
    const err = errorOf(() => loadConfig(file));
    expect(err.code).toBe('IW_ERR_CONFIG');
    expect(err.message).toMatch(/invalid YAML: its aliases expand past 100 nodes/);
    const out = run(file);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/IW_ERR_CONFIG: .*agent\.yaml: invalid YAML: its aliases expand past 100 nodes/);
    expect(out.stderr).not.toMatch(/^\s+at /m);
  });

  it('a file past 1 MiB, or one that is not a regular file (a FIFO would hang the read), is refused before it is read', () => {
    const big = configFile('# ' + 'x'.repeat(1024 * 1024) + '\ntop_n: 5\n');
    expect(errorOf(() => loadConfig(big)).message).toMatch(/agent\.yaml: cannot read config: \d+ bytes, more than the 1048576 a config may have/);
    const fifo = join(mkdtempSync(join(tmpdir(), 'iw-config-')), 'agent.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const out = run(fifo);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/IW_ERR_CONFIG: .*agent\.yaml: cannot read config: not a regular file/);
    expect(errorOf(() => loadConfig('/dev/zero')).message).toMatch(/not a regular file/);
  });
});
