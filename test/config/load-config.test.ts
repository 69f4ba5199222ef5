import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { CONFIG_SPEC, DEFAULT_CONFIG } from '../../src/config/schema.js';

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
    expect(err.message).toMatch(/scrub_extra_words: expected a list of non-empty strings \(got \["pin",3\]\)/);
    expect(err.message).toMatch(/mode: expected one of smart, raw \(got "fast"\)/);
    const rules = errorOf(() => loadConfig(configFile('display_name_rules:\n  - { match: "^ok", name: ok }\n  - { match: "(", name: x }\n  - { match: a }\n')));
    expect(rules.message).toMatch(/display_name_rules\[1\]\.match: invalid regular expression/);
    expect(loadConfig(configFile('display_name_rules:\n  - { match: "^k", name: k }\n')).display_name_rules).toEqual([{ match: '^k', name: 'k' }]);
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
