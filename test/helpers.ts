import { fileURLToPath } from 'node:url';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURE_PROC = fileURLToPath(new URL('./fixtures/proc', import.meta.url));
export const CLI = fileURLToPath(new URL('../dist/src/cli.js', import.meta.url));

/** A private copy of the fixture /proc tree that a test may edit. */
export function copyFixtureProc(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iw-proc-'));
  cpSync(FIXTURE_PROC, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}
