// Loads and validates the YAML config. Every problem is reported at once,
// each with the path of the field and what was expected, under the stable
// code IW_ERR_CONFIG.
//
// The file is read as an input that may be hostile or simply not a config:
// at most CONFIG_MAX_BYTES, from one fd (what is checked is what is read),
// with YAML aliases expanded at most MAX_ALIAS_COUNT times; and no error
// quotes its text: a config that is a symlink to /etc/shadow must not print
// its lines. Errors name the line and column and what is wrong in fixed
// words; values are described by their type (see describe in schema.ts).

import { statSync } from 'node:fs';
import { parseDocument, type Document } from 'yaml';
import { InfraWatchError } from '../errors.js';
import { readBoundedFile } from '../read-bounded-file.js';
import { checkConfig, DEFAULT_CONFIG, type AgentConfig } from './schema.js';

/** The largest config file read (the fleet's config body has the same cap). */
export const CONFIG_MAX_BYTES = 1024 * 1024;
/** Alias expansions a config may make (yaml counts each alias by the nodes it stands for); a config needs a handful. */
export const MAX_ALIAS_COUNT = 100;

/** Validates a parsed config object; `source` names where it came from in messages. */
export function validateConfig(raw: unknown, source: string): AgentConfig {
  const checked = checkConfig(raw);
  if (checked.config === undefined) throw new InfraWatchError('IW_ERR_CONFIG', `${source}: ${checked.problems.join('; ')}`);
  return checked.config;
}

function configError(file: string, problem: string, cause?: unknown): InfraWatchError {
  return new InfraWatchError('IW_ERR_CONFIG', `${file}: ${problem}`, cause === undefined ? undefined : { cause });
}

/**
 * The file's text: opened once (O_NONBLOCK, so that a FIFO does not hang
 * the open), checked on that fd to be a regular file of at most
 * CONFIG_MAX_BYTES, and read from it, never more than the cap.
 */
function readConfigText(file: string): string {
  try {
    return readBoundedFile(file, CONFIG_MAX_BYTES, 'a config').toString('utf8');
  } catch (err) {
    throw configError(file, `cannot read config: ${(err as Error).message}`, err);
  }
}

/** What a parsed value is, without its content. */
function shapeOf(value: unknown): string {
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (Array.isArray(value)) return `a list of ${value.length} items`;
  return value === null ? 'null' : `a ${typeof value}`;
}

/** The parsed YAML document of a config file (not yet validated); {} with no file. */
export function readConfigDocument(file?: string): Record<string, unknown> {
  if (file === undefined) return {};
  const text = readConfigText(file);
  let doc: Document.Parsed;
  let raw: unknown;
  try {
    doc = parseDocument(text);
    if (doc.errors.length === 0) raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // yaml throws from toJS on an alias bomb (ReferenceError) and the stack
    // overflows on deep nesting (RangeError): a config error either way,
    // named in fixed words (yaml's own messages may quote the file).
    const excessive = err instanceof ReferenceError && /alias count/i.test(err.message);
    const nested = err instanceof RangeError;
    const problem = excessive
      ? `invalid YAML: its aliases expand past ${MAX_ALIAS_COUNT} nodes (an alias bomb?)`
      : nested
        ? 'invalid YAML: nested too deeply'
        : `invalid YAML: ${err instanceof ReferenceError ? 'an alias that cannot be resolved' : 'cannot be read'}`;
    throw configError(file, problem); // no cause: a log of it would print yaml's message
  }
  if (doc.errors.length > 0) {
    // The position and yaml's error code only: its message may quote the text.
    const first = doc.errors[0];
    const where = first.linePos ? `line ${first.linePos[0].line}, column ${first.linePos[0].col}` : `byte ${first.pos[0]}`;
    throw configError(file, `invalid YAML at ${where}: ${first.code.toLowerCase().replaceAll('_', ' ')}`);
  }
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw configError(file, `(top level): expected a mapping of keys to values (got ${shapeOf(raw)})`);
  return raw as Record<string, unknown>;
}

/** Reads a YAML config file; with no file, the embedded default. */
export function loadConfig(file?: string): AgentConfig {
  if (file === undefined) return DEFAULT_CONFIG;
  const config = validateConfig(readConfigDocument(file), file);
  refuseReadableToken(config, file);
  return config;
}

/** The keys that hold a credential: never in a file others can read. */
export const TOKEN_KEYS = ['auth_token', 'receiver_token', 'config_token'] as const;

/** A token in a file others can read is refused, with the fix. */
export function refuseReadableToken(config: AgentConfig, file: string): void {
  const key = TOKEN_KEYS.find((k) => config[k] !== '');
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
