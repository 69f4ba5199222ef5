// mkdir -p that always ends. Node 20's mkdirSync(dir, { recursive: true })
// never returns for a path under /proc (mkdir there fails with ENOENT even
// though the parent exists, and the recursive walk takes ENOENT for "make
// the parent first", forever); a config that points spool_dir or queue_dir
// there would hang the agent. This walk retries a level once after making
// its parent and otherwise throws the error it met.

import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export function makeDirectory(dir: string): void {
  try {
    mkdirSync(dir);
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if (statSync(dir).isDirectory()) return;
      throw err;
    }
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw err;
  }
  makeDirectory(dirname(dir));
  try {
    mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST' && statSync(dir).isDirectory()) return;
    throw err;
  }
}
