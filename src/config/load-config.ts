// Loads and validates the YAML config. Every problem is reported at once,
// each with the path of the field and what was expected, under the stable
// code IW_ERR_CONFIG.

import { readFileSync, statSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { InfraWatchError } from '../errors.js';
import { checkConfig, DEFAULT_CONFIG, type AgentConfig } from './schema.js';

/** Validates a parsed config object; `source` names where it came from in messages. */
export function validateConfig(raw: unknown, source: string): AgentConfig {
  const checked = checkConfig(raw);
  if (checked.config === undefined) throw new InfraWatchError('IW_ERR_CONFIG', `${source}: ${checked.problems.join('; ')}`);
  return checked.config;
}

/** The parsed YAML document of a config file (not yet validated); {} with no file. */
export function readConfigDocument(file?: string): Record<string, unknown> {
  if (file === undefined) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InfraWatchError('IW_ERR_CONFIG', `${file}: cannot read config: ${(err as Error).message}`, { cause: err });
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const where = first.linePos ? `line ${first.linePos[0].line}, column ${first.linePos[0].col}` : `byte ${first.pos[0]}`;
    throw new InfraWatchError('IW_ERR_CONFIG', `${file}: invalid YAML at ${where}: ${first.message.split('\n')[0]}`);
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) validateConfig(raw, file); // throws, naming the problem
  return raw as Record<string, unknown>;
}

/** Reads a YAML config file; with no file, the embedded default. */
export function loadConfig(file?: string): AgentConfig {
  if (file === undefined) return DEFAULT_CONFIG;
  const config = validateConfig(readConfigDocument(file), file);
  refuseReadableToken(config, file);
  return config;
}

/** A token in a file others can read is refused, with the fix. */
export function refuseReadableToken(config: AgentConfig, file: string): void {
  const key = config.auth_token !== '' ? 'auth_token' : config.config_token !== '' ? 'config_token' : undefined;
  if (key === undefined) return;
  const mode = statSync(file).mode & 0o777;
  // "Others" as chmod means it: every user; a group (root:infrawatch 640, as the README installs it) may read it.
  if ((mode & 0o007) !== 0) {
    throw new InfraWatchError(
      'IW_ERR_CONFIG',
      `${file}: ${key} is set in a file that others can read (mode ${mode.toString(8).padStart(4, '0')}); run: chmod 600 ${file}`,
    );
  }
}
