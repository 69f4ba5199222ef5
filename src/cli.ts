#!/usr/bin/env -S node --no-memory-reducer
// infrawatch: the agent's command line.
//
// --no-memory-reducer: V8's memory reducer runs full garbage collections a
// few seconds after a heap goes quiet, which for an agent that wakes every
// 10 s is after every tick: measured with 3,000 processes at the default
// config, a third of the agent's cpu (0.87 % of one core with it, 0.67 %
// without; RSS unchanged, the heap is small). A V8 flag set at run time
// comes too late for it (the heap is set up by then), so it is on the
// command line: here, in the systemd unit's ExecStart and in the container.
//   infrawatch run [--config FILE]
//   infrawatch scan [--config FILE] [--proc-root DIR] [--interval-ms MS] [--top N] [--raw] [--json]
//   infrawatch decode FILE
//   infrawatch record --out FILE --duration S [--interval-ms MS]
//   infrawatch replay FILE [--config FILE] [--json-out FILE]
//   infrawatch plugin keygen|sign …

import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from './agent.js';
import { errorText } from './agent-log.js';
import { enricherFor, scannerFor, sketchBookFor } from './agent-parts.js';
import { AgentRunner } from './agent-runner.js';
import { loadConfig, validateConfig } from './config/load-config.js';
import { InfraWatchError } from './errors.js';
import { makeDirectory } from './make-directory.js';
import { configFileForRun, packageVersion, SYSTEM_CONFIG_FILE } from './paths.js';
import { TickPipeline } from './pipeline/tick-pipeline.js';
import { formatScanTable, scanReportOf } from './report/scan-report.js';
import { decodeDiagFile, decodeEnvelopeFile, decodeSketchFile } from './wire/decode-envelopes.js';
import { summaryOf } from './report/sketch-summary.js';
import { PLUGIN_USAGE, pluginCommand } from './filter/plugin-command.js';

const USAGE = `Usage: infrawatch <command> [options]

Commands:
  run   [--config FILE] [--once]
                              run the agent until SIGINT/SIGTERM (default config: ${SYSTEM_CONFIG_FILE}
                              when it exists, else the embedded defaults; SIGHUP reads the
                              config file again);
                              --once: one sample, send it and what earlier runs left, exit
  scan  [--config FILE] [--proc-root DIR] [--interval-ms MS] [--top N] [--raw] [--json]
                              sample /proc twice MS apart (default 1000) and report
                              the top N rows (default 20), the per-name aggregates
                              of the rest, the totals and the capture ratio
                              (--raw: a row for every process)
  decode FILE [--kind process|sketch|diag]
                              print the spooled envelopes of FILE as JSON lines (sketches
                              with their quantiles); the kind follows the file name
                              (sketches*.ldpb: sketch, diag*.ldpb: diag) unless given
  record --out FILE --duration S [--interval-ms MS] [--proc-root DIR] [--note TEXT]
                              record what the scanner reads from /proc (every pid's
                              stat; cmdline, status and io for the rows) for S seconds,
                              a tick every MS (default 1000), into FILE (gzip'd protobuf)
  replay FILE [--config FILE] [--json-out FILE]
                              play a recording through the pipeline in raw and in
                              smart + sketch mode; print the figures (series, wire bytes,
                              sketch error, totals error, anomaly recall, cost) and write
                              them as JSON (default var/replay/<name>.json)
${PLUGIN_USAGE}
  help                        this text
  version                     the agent's version (also --version, -V)
infrawatch <command> --help prints that command's usage.
`;

function usageError(message: string): InfraWatchError {
  return new InfraWatchError('IW_ERR_USAGE', message);
}

function intFlag(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw usageError(`--${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}

function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw usageError(`${command}: ${(err as Error).message}`);
  }
}

async function runCommand(args: string[]): Promise<void> {
  const flags = parse('run', args, { config: { type: 'string' }, once: { type: 'boolean' } });
  const file = configFileForRun(flags.config);
  if (flags.once) {
    const agent = await Agent.create(loadConfig(file), { listen: false });
    await agent.runOnce();
    return;
  }
  const runner = new AgentRunner(file);
  // The handlers come first: a SIGINT or SIGTERM while the agent starts (it
  // logs "agent started" before start() returns) waits for the start to
  // finish and then stops it cleanly, spools flushed, instead of killing it.
  let started = false;
  let pending: NodeJS.Signals | undefined;
  let stopping = false;
  let keepAlive: NodeJS.Timeout | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (!started) {
      pending ??= signal;
      return;
    }
    const log = runner.current!.log;
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without flushing');
      process.exit(130);
    }
    stopping = true;
    log.info({ signal }, 'stopping');
    runner.stop().then(
      () => {
        clearInterval(keepAlive);
        process.exitCode = 0;
      },
      (err: unknown) => {
        log.error({ err }, 'stop failed');
        clearInterval(keepAlive);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await runner.start();
  started = true;
  // The scheduler's timer is unref'd; this handle is what keeps the agent's
  // process alive until a signal arrives.
  keepAlive = setInterval(() => {}, 1 << 30);
  // SIGHUP: read the config file now rather than at the next poll (systemctl reload).
  process.on('SIGHUP', () => void runner.reloadFile());
  if (pending !== undefined) stop(pending);
}

async function scanCommand(args: string[]): Promise<void> {
  const flags = parse('scan', args, {
    config: { type: 'string' },
    'proc-root': { type: 'string' },
    'interval-ms': { type: 'string' },
    top: { type: 'string' },
    raw: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const base = loadConfig(flags.config);
  const intervalMs = intFlag('interval-ms', flags['interval-ms'], 1000, 1, 3_600_000);
  const config = validateConfig(
    {
      ...base,
      proc_root: flags['proc-root'] ?? base.proc_root,
      top_n: intFlag('top', flags.top, base.top_n, 1, 10_000),
      mode: flags.raw ? 'raw' : base.mode,
    },
    'command line',
  );
  const scanner = scannerFor(config);
  try {
    await scanner.scan();
    await sleep(intervalMs);
    const tick = await new TickPipeline(scanner, enricherFor(config)).tick({ enrich: true });
    const result = tick.scan;
    // A row's file failed (not gone, not denied): the rows without their files, and why.
    if (tick.enrichment === 'failed') process.stderr.write(`infrawatch: scan: rows without command line, user and io: ${tick.problem}\n`);
    const report = scanReportOf(result, tick.rows, tick.aggregates, intervalMs);
    if (config.sketch_enable) {
      // The host key's sketches of the second sample's processes.
      const book = sketchBookFor(config, false);
      book.addTick(scanner.views, result.counters.listed, result.names);
      report.sketches = { cpuPercent: summaryOf(book.host[0]), memoryResidentSizeBytes: summaryOf(book.host[1]) };
    }
    process.stdout.write(flags.json ? JSON.stringify(report, null, 2) + '\n' : formatScanTable(report));
  } finally {
    await scanner.close();
  }
}

async function decodeCommand(args: string[]): Promise<void> {
  let parsed: { values: { kind?: string }; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: { kind: { type: 'string' } }, strict: true, allowPositionals: true });
  } catch (err) {
    throw usageError(`decode: ${(err as Error).message}`);
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1) throw usageError('decode: expected one FILE');
  if (values.kind !== undefined && values.kind !== 'process' && values.kind !== 'sketch' && values.kind !== 'diag') {
    throw usageError(`decode: --kind: expected process, sketch or diag, got ${JSON.stringify(values.kind)}`);
  }
  const file = positionals[0];
  const base = file.slice(file.lastIndexOf('/') + 1);
  const kind = values.kind ?? (base.startsWith('sketches') ? 'sketch' : base.startsWith('diag') ? 'diag' : 'process');
  const decoders = { process: decodeEnvelopeFile, sketch: decodeSketchFile, diag: decodeDiagFile };
  const { records, error } = decoders[kind](file);
  for (const record of records) process.stdout.write(JSON.stringify(record.envelope) + '\n');
  if (error) throw error;
}

async function recordCommand(args: string[]): Promise<void> {
  const flags = parse('record', args, {
    out: { type: 'string' },
    duration: { type: 'string' },
    'interval-ms': { type: 'string' },
    'proc-root': { type: 'string' },
    note: { type: 'string' },
    config: { type: 'string' },
  });
  if (flags.out === undefined) throw usageError('record: --out FILE is required');
  if (flags.duration === undefined) throw usageError('record: --duration S is required');
  const durationS = intFlag('duration', flags.duration, 0, 1, 86_400);
  const intervalMs = intFlag('interval-ms', flags['interval-ms'], 1000, 10, 3_600_000);
  const config = loadConfig(flags.config);
  const { record } = await import('./replay/recorder.js');
  const { readSystemConf } = await import('./procfs/system-conf.js');
  // Ctrl-C ends the recording early with a whole file.
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  const summary = await record(
    { procRoot: flags['proc-root'] ?? config.proc_root, out: flags.out, durationS, intervalMs, system: readSystemConf(), cmdlineMaxBytes: config.cmdline_max_bytes, note: flags.note, signal: stop.signal },
    (line) => process.stderr.write(line + '\n'),
  );
  process.stdout.write(`${flags.out}: ${summary.ticks} ticks, ${summary.pidsLastTick} pids in the last, ${summary.fileBytes} bytes (${summary.rawBytes} before gzip)\n`);
}

async function replayCommand(args: string[]): Promise<void> {
  let parsed: { values: { config?: string; 'json-out'?: string }; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: { config: { type: 'string' }, 'json-out': { type: 'string' } }, strict: true, allowPositionals: true });
  } catch (err) {
    throw usageError(`replay: ${(err as Error).message}`);
  }
  if (parsed.positionals.length !== 1) throw usageError('replay: expected one recording FILE');
  const file = parsed.positionals[0];
  const { replay } = await import('./replay/replay.js');
  const { formatReplayReport } = await import('./replay/replay-report.js');
  const config = loadConfig(parsed.values.config);
  // Ctrl-C (or SIGTERM) ends the replay between two ticks; its /proc tree is removed on the way out.
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let report: Awaited<ReturnType<typeof replay>>;
  try {
    report = await replay(file, config, stop.signal);
  } catch (err) {
    if (!stop.signal.aborted) throw err;
    process.stderr.write(`infrawatch: replay of ${file}: interrupted\n`);
    process.exitCode = 130;
    return;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const base = file.slice(file.lastIndexOf('/') + 1).replace(/(\.iwrec)?(\.gz)?$/, '');
  const out = parsed.values['json-out'] ?? `var/replay/${base}.json`;
  makeDirectory(dirname(out));
  writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(formatReplayReport(report) + `figures written to ${out}\n`);
}

/** One command's part of USAGE: its line and the lines under it, up to the next command's. */
function usageOf(command: string): string {
  const lines = USAGE.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`  ${command} `));
  if (start < 0) return USAGE;
  let end = start + 1;
  while (end < lines.length && /^ {4,}\S/.test(lines[end])) end++;
  return `Usage: infrawatch ${lines.slice(start, end).map((l) => l.trim().replace(/^(\S+) {2,}/, '$1 ')).join('\n  ')}\n`;
}

const COMMANDS = new Set(['run', 'scan', 'decode', 'record', 'replay']);

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  // `infrawatch <command> --help` (or -h) is that command's usage, on stdout, exit 0, whatever else is given.
  if (command !== undefined && COMMANDS.has(command) && rest.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(usageOf(command));
    return;
  }
  switch (command) {
    case 'run':
      return runCommand(rest);
    case 'scan':
      return scanCommand(rest);
    case 'decode':
      return decodeCommand(rest);
    case 'record':
      return recordCommand(rest);
    case 'replay':
      return replayCommand(rest);
    case 'plugin':
      return pluginCommand(rest);
    case 'serve':
    case 'token': // the fleet backend, loaded only here: `run` never loads src/server/
      return (await import('./server/server-command.js')).serverCommand(command, rest);
    case 'query':
      return (await import('./server/query/query-command.js')).queryCommand(rest);
    case 'fleet': // fleet config rules, on the server host (src/server/fleet/)
      return (await import('./server/fleet/fleet-command.js')).fleetCommand(rest);
    case 'version':
    case '--version':
    case '-V':
      process.stdout.write(packageVersion() + '\n');
      return;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return;
    default:
      throw usageError(`unknown command ${JSON.stringify(command)}; try "infrawatch help"`);
  }
}

// A reader that stops early (`decode … | head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof InfraWatchError) {
    process.stderr.write(errorText(`infrawatch: ${err.code}: ${err.message}\n`));
    if (err.code === 'IW_ERR_USAGE') process.stderr.write(USAGE);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(errorText(`infrawatch: ${(err as Error).stack ?? String(err)}\n`));
  process.exitCode = 1;
});
