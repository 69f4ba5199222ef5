// Loads and validates the YAML config. Every problem is reported at once,
// each with the path of the field and what was expected, under the stable
// code IW_ERR_CONFIG.

import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { InfraWatchError } from '../errors.js';
import { configSchema, DEFAULT_CONFIG, type AgentConfig } from './schema.js';

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? text.slice(0, 57) + '...' : text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let at = root;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** Validates a parsed config object; `source` names where it came from in messages. */
export function validateConfig(raw: unknown, source: string): AgentConfig {
  const input = raw === null || raw === undefined ? {} : raw;
  const parsed = configSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const at = issue.path.length > 0 ? issue.path.join('.') + '.' : '';
      return issue.keys.map((k) => `${at}${k}: unknown key`).join('; ');
    }
    const path = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    const got = issue.path.length > 0 ? ` (got ${describe(valueAt(input, issue.path))})` : '';
    return `${path}: ${issue.message}${got}`;
  });
  throw new InfraWatchError('IW_ERR_CONFIG', `${source}: ${problems.join('; ')}`);
}

/** Reads a YAML config file; with no file, the embedded default. */
export function loadConfig(file?: string): AgentConfig {
  if (file === undefined) return DEFAULT_CONFIG;
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
  return validateConfig(doc.toJS(), file);
}
