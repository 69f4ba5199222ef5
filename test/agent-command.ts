// How the agent is started in production: the node flags of the systemd
// unit's ExecStart (the same as the CLI's shebang line; a test checks they
// agree), so that tests which measure the agent measure what runs.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const UNIT_FILE = fileURLToPath(new URL('../config/infrawatch.service', import.meta.url));

/** The flags between node and cli.js in the unit's ExecStart. */
export function unitNodeFlags(): string[] {
  const words = /^ExecStart=(.*)$/m.exec(readFileSync(UNIT_FILE, 'utf8'))![1].trim().split(/\s+/);
  return words.slice(1, words.findIndex((w) => w.endsWith('/cli.js')));
}

/** The flags after `node` in the CLI's `#!/usr/bin/env -S node …` line. */
export function shebangNodeFlags(cliSource: string): string[] {
  const words = cliSource.split('\n')[0].replace(/^#!\s*/, '').split(/\s+/);
  return words.slice(words.indexOf('node') + 1);
}
