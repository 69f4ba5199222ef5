// Where the package's compiled files live. Workers always run compiled JS
// (piscina loads plain .js files): from dist/src/… that is dist/workers/; when
// the TypeScript sources run under vitest, it is the built copy in dist/.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const inDist = here.split('/').includes('dist');

/** The package root: the folder that holds package.json. */
export const packageRoot = inDist ? join(here, '..', '..') : join(here, '..');

export const distRoot = join(packageRoot, 'dist');

export function workerFile(name: string): string {
  return join(distRoot, 'workers', name);
}

/** The agent's version, from package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Where a package install keeps the agent's config (the systemd unit passes it too). */
export const SYSTEM_CONFIG_FILE = '/etc/infrawatch/agent.yaml';

/** The config file `run` reads: --config, else SYSTEM_CONFIG_FILE when it exists, else none (the embedded defaults). */
export function configFileForRun(flag: string | undefined, exists: (file: string) => boolean = existsSync): string | undefined {
  if (flag !== undefined) return flag;
  return exists(SYSTEM_CONFIG_FILE) ? SYSTEM_CONFIG_FILE : undefined;
}
