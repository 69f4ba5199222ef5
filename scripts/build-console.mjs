// The console's browser bundle (src/server/console/console-http.ts serves
// it under /console/): console/src/main.ts and what it imports (uPlot from
// npm) as one minified ES module, uPlot's stylesheet before ours, and the
// page, into dist/console/. Nothing is loaded from elsewhere at run time.

import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'console');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, 'console', 'src', 'main.ts')],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  legalComments: 'eof',
  outfile: join(out, 'console.js'),
  logLevel: 'warning',
});
const require = createRequire(import.meta.url);
const uplotCss = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
writeFileSync(join(out, 'console.css'), `${uplotCss}\n${readFileSync(join(root, 'console', 'console.css'), 'utf8')}`);
copyFileSync(join(root, 'console', 'index.html'), join(out, 'index.html'));
