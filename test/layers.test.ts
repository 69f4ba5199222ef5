// The agent's layers, enforced: a module may import from its own layer and
// from the layers below it, never from one above, and no import cycle runs
// through the code, between files or between layers.
//
//   rank  layer       files
//   0     foundation  src/errors.ts, src/paths.ts, src/make-directory.ts,
//                     src/read-bounded-file.ts (usable by all)
//   1     layout      src/table/layout.ts: the shared layout constants (columns,
//                     statuses, header words) and the views' type, which the
//                     parser writes through and the workers share
//   2     procfs      src/procfs/: one module per /proc file
//   3     table       src/table/ (the rest): the shared memory and its views, the
//                     process table, pid→slot, the kept fds
//   4     sampler     src/sampler/: cpu%, names, score, Top-N, tail
//   5     scan        src/scan/, workers/: the pool, the slice reader, the tick's scan
//   5     enrich      src/enrich/: the top rows' extra files    } readers built on
//   5     host        src/host/, src/host-id.ts: the host's files } procfs, beside scan
//   6     sketch      src/sketch/
//   6     report      src/report/: rows, the tick's batch, summaries
//   7     wire        src/wire/: envelopes, the generated code, decoding
//   7     pipeline    src/pipeline/: the tick (scan → rows → aggregates) and the
//                     sketch window, which encodes its SketchEnvelopes
//   8     health      src/health/: registry, breakers, diag events, the listener
//   8     config      src/config/: load, validate, the fleet client
//   8     net         src/net/: the bounded request
//   8     filter      src/filter/: the signed WebAssembly filter plugins (their
//                     breakers are health's; the config names their fields)
//   9     sinks       src/sinks/
//   10    agent       src/agent.ts, agent-parts.ts, agent-runner.ts, agent-metrics.ts,
//                     agent-breakers.ts, agent-log.ts, scheduler.ts
//   11    replay      src/replay/: drives the pipeline through the agent's parts
//   12    server      src/server/: the fleet backend (`infrawatch serve`); it may use
//                     the agent's modules below it (wire, health), none may use it
//   13    cli         src/cli.ts: the entry of every command
//
// Layers of one rank stand beside each other: they may import one another,
// in one direction only (the cycle check below catches both directions).
// health, config and net stand beside the chain: the sinks take a breaker,
// diag events and the config, and use the bounded request; none of the three
// imports a sink or anything above wire. The table is the order of issue 13
// (layout < procfs < table < sampler < scan < sketch/report < wire < sinks <
// agent); README's "Layers" shows the same table.
//
// Type-only imports count: `import type` is erased from the JavaScript, but
// it is still a dependency. A lower layer that names an upper layer's type
// cannot be compiled, read or changed without it, and a change of that type
// upstairs breaks it: the layering is about what a module needs to be
// understood, not only about what Node loads.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Layer {
  readonly rank: number;
  readonly name: string;
  /** Folders end in '/'; a file's own entry wins over its folder's. */
  readonly paths: readonly string[];
}

const LAYERS: readonly Layer[] = [
  { rank: 0, name: 'foundation', paths: ['src/errors.ts', 'src/paths.ts', 'src/make-directory.ts', 'src/read-bounded-file.ts'] },
  { rank: 1, name: 'layout', paths: ['src/table/layout.ts'] },
  { rank: 2, name: 'procfs', paths: ['src/procfs/'] },
  { rank: 3, name: 'table', paths: ['src/table/'] },
  { rank: 4, name: 'sampler', paths: ['src/sampler/'] },
  { rank: 5, name: 'scan', paths: ['src/scan/', 'workers/'] },
  { rank: 5, name: 'enrich', paths: ['src/enrich/'] },
  { rank: 5, name: 'host', paths: ['src/host/', 'src/host-id.ts'] },
  { rank: 6, name: 'sketch', paths: ['src/sketch/'] },
  { rank: 6, name: 'report', paths: ['src/report/'] },
  { rank: 7, name: 'wire', paths: ['src/wire/'] },
  { rank: 7, name: 'pipeline', paths: ['src/pipeline/'] },
  { rank: 8, name: 'health', paths: ['src/health/'] },
  { rank: 8, name: 'config', paths: ['src/config/'] },
  { rank: 8, name: 'net', paths: ['src/net/'] },
  { rank: 8, name: 'filter', paths: ['src/filter/'] },
  { rank: 9, name: 'sinks', paths: ['src/sinks/'] },
  {
    rank: 10,
    name: 'agent',
    paths: ['src/agent.ts', 'src/agent-parts.ts', 'src/agent-runner.ts', 'src/agent-metrics.ts', 'src/agent-breakers.ts', 'src/agent-log.ts', 'src/scheduler.ts'],
  },
  { rank: 11, name: 'replay', paths: ['src/replay/'] },
  { rank: 12, name: 'server', paths: ['src/server/'] },
  { rank: 13, name: 'cli', paths: ['src/cli.ts'] },
];

/**
 * Imports that run back up and are left for now, each with why. An entry
 * that no longer matches an import fails the test: delete it then.
 */
const KNOWN_EXCEPTIONS: readonly { from: string; to: string; why: string }[] = [];

function layerOf(file: string): Layer | undefined {
  let best: Layer | undefined;
  let bestLength = -1;
  for (const layer of LAYERS) {
    for (const p of layer.paths) {
      const hit = p.endsWith('/') ? file.startsWith(p) : file === p;
      if (hit && p.length > bestLength) {
        best = layer;
        bestLength = p.length;
      }
    }
  }
  return best;
}

function tsFilesUnder(folder: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = posix.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (recursive) out.push(...tsFilesUnder(path, true));
    } else if (entry.name.endsWith('.ts')) {
      out.push(path);
    }
  }
  return out.sort();
}

interface ImportEdge {
  from: string;
  line: number;
  specifier: string;
  /** The imported file, relative to the package root; undefined when it does not exist. */
  to: string | undefined;
}

/**
 * Every module specifier of `text`: import … from, export … from, import '…'
 * and import('…'), type-only or not; comments and strings are skipped (the
 * TypeScript scanner reads them, not a regular expression).
 */
function specifiersOf(text: string): { specifier: string; line: number }[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => ({
    specifier: f.fileName,
    line: text.slice(0, f.pos).split('\n').length,
  }));
}

/** The file a relative specifier names: its .ts source, else its declaration (generated code), else the file itself. */
function resolve(from: string, specifier: string): string | undefined {
  const target = posix.normalize(posix.join(posix.dirname(from), specifier));
  const base = target.replace(/\.js$/, '');
  for (const candidate of [base + '.ts', base + '.d.ts', target]) {
    if (existsSync(join(root, candidate))) return relative(root, join(root, candidate)).split('\\').join('/');
  }
  return undefined;
}

function importEdges(): { files: string[]; edges: ImportEdge[] } {
  const files = [...tsFilesUnder('src', true), ...tsFilesUnder('workers', false)];
  const edges: ImportEdge[] = [];
  for (const from of files) {
    for (const { specifier, line } of specifiersOf(readFileSync(join(root, from), 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      edges.push({ from, line, specifier, to: resolve(from, specifier) });
    }
  }
  return { files, edges };
}

function isException(e: { from: string; to: string | undefined }): boolean {
  return KNOWN_EXCEPTIONS.some((x) => x.from === e.from && x.to === e.to);
}

/** Each cycle of `graph` found by a depth-first walk, written a → b → a, once per rotation. */
function cyclesOf(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const cycles = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next));
        const start = cycle.indexOf([...cycle].sort()[0]);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        cycles.add([...rotated, rotated[0]].join(' → '));
      } else if (state.get(next) === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (state.get(node) === undefined) visit(node);
  return [...cycles].sort();
}

describe('layers', () => {
  const { files, edges } = importEdges();

  it('finds every kind of import, type-only and dynamic ones too, and skips comments and strings', () => {
    const text = [
      "import type { A } from './a.js';",
      'import {',
      '  b,',
      "} from './b.js';",
      "export { c } from './c.js';",
      "// import { x } from './commented.js';",
      'const s = "from \'./string.js\'";',
      "const { g } = await import('./g.js');",
    ].join('\n');
    expect(specifiersOf(text)).toEqual([
      { specifier: './a.js', line: 1 },
      { specifier: './b.js', line: 4 },
      { specifier: './c.js', line: 5 },
      { specifier: './g.js', line: 8 },
    ]);
  });

  it('reads the code: the entry, the worker and the files it reaches', () => {
    expect(files).toContain('src/cli.ts');
    expect(files).toContain('workers/scan-worker.ts');
    // cli.ts loads replay with a dynamic import
    expect(edges.some((e) => e.from === 'src/cli.ts' && e.to === 'src/replay/replay.ts')).toBe(true);
  });

  it('places every file in a layer', () => {
    expect(files.filter((f) => layerOf(f) === undefined)).toEqual([]);
  });

  it('resolves every relative import to a file', () => {
    const unresolved = edges.filter((e) => e.to === undefined).map((e) => `${e.from}:${e.line}: ${e.specifier}: no such file`);
    expect(unresolved).toEqual([]);
  });

  it('has no import that runs back up to a higher layer', () => {
    const upward: string[] = [];
    for (const e of edges) {
      if (e.to === undefined || isException(e)) continue;
      const a = layerOf(e.from);
      const b = layerOf(e.to);
      if (a === undefined || b === undefined || b.rank <= a.rank) continue;
      upward.push(`${e.from}:${e.line}: ${a.name} (rank ${a.rank}) imports ${e.to}, of ${b.name} (rank ${b.rank})`);
    }
    expect(upward).toEqual([]);
  });

  it('keeps the server out of the agent: only src/server/ and src/cli.ts import src/server/, and cli.ts only by a dynamic import', () => {
    const intruders = edges.filter((e) => e.to?.startsWith('src/server/') && !e.from.startsWith('src/server/') && e.from !== 'src/cli.ts').map((e) => `${e.from}:${e.line} imports ${e.to}`);
    expect(intruders).toEqual([]);
    // A static import would load the server (SQLite, jose) into every `infrawatch run`.
    const cliText = readFileSync(join(root, 'src/cli.ts'), 'utf8');
    expect(cliText).not.toMatch(/^\s*import\s[^(]*from\s+['"]\.\/server\//m);
  });

  it('lists only exceptions that still exist', () => {
    const stale = KNOWN_EXCEPTIONS.filter((x) => !edges.some((e) => e.from === x.from && e.to === x.to));
    expect(stale.map((x) => `${x.from} no longer imports ${x.to} (${x.why}): delete it from KNOWN_EXCEPTIONS`)).toEqual([]);
  });

  it('has no import cycle between files', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of edges) {
      if (e.to === undefined) continue;
      if (!graph.has(e.from)) graph.set(e.from, new Set());
      graph.get(e.from)!.add(e.to);
    }
    expect(cyclesOf(graph)).toEqual([]);
  });

  it('has no import cycle between layers', () => {
    const graph = new Map<string, Set<string>>();
    const via = new Map<string, string>();
    for (const e of edges) {
      if (e.to === undefined || isException(e)) continue;
      const a = layerOf(e.from)?.name;
      const b = layerOf(e.to)?.name;
      if (a === undefined || b === undefined || a === b) continue;
      if (!graph.has(a)) graph.set(a, new Set());
      graph.get(a)!.add(b);
      if (!via.has(`${a} → ${b}`)) via.set(`${a} → ${b}`, `${e.from}:${e.line} imports ${e.to}`);
    }
    const cycles = cyclesOf(graph).map((cycle) => {
      const steps = cycle.split(' → ');
      const witnesses = steps.slice(1).map((b, i) => via.get(`${steps[i]} → ${b}`));
      return `${cycle} (${witnesses.join('; ')})`;
    });
    expect(cycles).toEqual([]);
  });
});
