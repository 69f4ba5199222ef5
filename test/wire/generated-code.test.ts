// The generated wire code is what `npm run proto` makes from proto/, byte
// for byte: nobody edited it by hand, and nobody changed the .proto
// without regenerating it.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('generated wire code', () => {
  it('equals a fresh run of the package.json proto script', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const out = mkdtempSync(join(tmpdir(), 'iw-proto-'));
    try {
      const script = pkg.scripts.proto.replaceAll('src/wire/generated/', `${out}/`);
      execFileSync('sh', ['-c', script], { cwd: ROOT, env: { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}` } });
      for (const file of ['infrawatch.js', 'infrawatch.d.ts']) {
        expect(readFileSync(join(out, file), 'utf8'), file).toBe(readFileSync(join(ROOT, 'src', 'wire', 'generated', file), 'utf8'));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
