import { fileURLToPath } from 'node:url';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeDiagFile, decodeEnvelopeFile, decodeSketchFile } from '../src/wire/decode-envelopes.js';

export const FIXTURE_PROC = fileURLToPath(new URL('./fixtures/proc', import.meta.url));
export const CLI = fileURLToPath(new URL('../dist/src/cli.js', import.meta.url));

/** A private copy of the fixture /proc tree that a test may edit. */
export function copyFixtureProc(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iw-proc-'));
  cpSync(FIXTURE_PROC, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

/** One JSON log line of the agent: its message, and whatever fields that line carries. */
export interface LogLine {
  msg: string;
  [field: string]: unknown;
}

/** The fields of a 'tick' line (src/agent.ts logs them) that tests read. */
export interface TickLine extends LogLine {
  msg: 'tick';
  pids: number;
  scanned: number;
  /** Processes listed but gone missing mid-scan; only on a tick that had some. */
  missing?: number;
  top: number;
  /** Tick slots skipped since start because a tick overran. */
  skipped: number;
}

export const isTick = (l: LogLine): l is TickLine => l.msg === 'tick';

/** `infrawatch run` on a config file (node started with `nodeFlags`), with its JSON log lines at hand. */
export interface RunningAgent {
  readonly child: ChildProcess;
  /** Every log line so far, parsed. */
  logs(): LogLine[];
  /** Polls until `pred` holds (throws, naming `what`, after `timeoutMs`). */
  waitFor(pred: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** SIGINT, and the exit code. */
  stop(): Promise<number | null>;
}

/** Agents started by runAgent and not yet exited: a test that fails or times out before stop() leaves none behind. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function runAgent(configFile: string, env: NodeJS.ProcessEnv = process.env, nodeFlags: string[] = []): RunningAgent {
  const child = spawn(process.execPath, [...nodeFlags, CLI, 'run', '--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'], env });
  running.add(child);
  child.once('exit', () => running.delete(child));
  // Info lines come on stdout, warnings and errors on stderr: whole lines of each go into one log, in arrival order.
  let out = '';
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = '';
    stream.on('data', (d: Buffer) => {
      const text = partial + d.toString();
      const end = text.lastIndexOf('\n') + 1;
      out += text.slice(0, end);
      partial = text.slice(end);
    });
  }
  // Each line is parsed once: tests poll logs() every 50 ms for minutes, and the agent they watch shares the cores with them.
  const parsed: LogLine[] = [];
  let parsedTo = 0;
  const logs = () => {
    const fresh = out.slice(parsedTo);
    parsedTo = out.length;
    for (const l of fresh.split('\n')) if (l.startsWith('{')) parsed.push(JSON.parse(l) as LogLine);
    return parsed.slice();
  };
  const agent: RunningAgent = {
    child,
    logs,
    async waitFor(pred, what, timeoutMs = 20_000) {
      if (pred()) return;
      // Checked on each of the agent's lines as it comes, and every 50 ms for what is not in its log (a server's count, its exit).
      await new Promise<void>((resolve, reject) => {
        const check = () => {
          try {
            if (!pred()) return;
          } catch (err) {
            finish();
            return reject(err);
          }
          finish();
          resolve();
        };
        // After the runner's own listeners (added first) have taken the line in.
        const onData = () => setImmediate(check);
        const timer = setInterval(check, 50);
        const deadline = setTimeout(() => {
          finish();
          reject(new Error(`timed out waiting for ${what}; log tail:\n${out.split('\n').slice(-5).join('\n')}`));
        }, timeoutMs);
        const finish = () => {
          clearInterval(timer);
          clearTimeout(deadline);
          child.stdout!.off('data', onData);
          child.stderr!.off('data', onData);
        };
        child.stdout!.on('data', onData);
        child.stderr!.on('data', onData);
      });
    },
    async stop() {
      // Already gone (exited, or killed by a signal: then exitCode stays null and 'exit' will not come again).
      const gone = () => child.exitCode !== null || child.signalCode !== null;
      if (gone()) return child.exitCode;
      // The CLI takes SIGINT only once the agent has started: it logs "agent
      // started" before its handlers are in place, and a SIGINT then ends it
      // at once, by the signal. Its first tick's line comes after them.
      await agent.waitFor(() => gone() || logs().some((l) => l.msg === 'tick' || l.msg === 'tick failed'), 'a first tick before SIGINT').catch(() => {});
      if (gone()) return child.exitCode;
      child.kill('SIGINT');
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
  return agent;
}

/**
 * The records of a spool file as `infrawatch decode` prints them (the same
 * decoders, the same JSON, read here rather than in a child process: many
 * tests decode a spool several times; test/cli-run.test.ts runs the command).
 */
export function decodeSpool(file: string, kind?: 'process' | 'sketch' | 'diag'): Record<string, any>[] {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const k = kind ?? (base.startsWith('sketches') ? 'sketch' : base.startsWith('diag') ? 'diag' : 'process');
  const decoders = { process: decodeEnvelopeFile, sketch: decodeSketchFile, diag: decodeDiagFile };
  const { records, error } = decoders[k](file);
  if (error) throw new Error(`decode ${file}: ${error.message}`);
  return records.map((r) => JSON.parse(JSON.stringify(r.envelope)) as Record<string, any>);
}

/**
 * A loopback port that refuses connections (ECONNREFUSED) and that no one
 * can start to listen on until `close()`: the local end of a connection the
 * test holds. (A port that was free, closed and then handed to an agent
 * could be another program's by the time it is used.)
 */
export async function refusingPort(): Promise<{ port: number; close(): void }> {
  const ends: Socket[] = [];
  const server = createTcpServer((end) => ends.push(end));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = connect((server.address() as { port: number }).port, '127.0.0.1');
  await once(client, 'connect');
  return {
    port: client.localPort!,
    close() {
      client.destroy();
      for (const end of ends) end.destroy();
      server.close();
    },
  };
}

/** A loopback backend that starts down and may come up on the same port. */
export interface Backend {
  readonly port: number;
  /** From now on requests reach the handler. */
  up(): void;
  close(): Promise<void>;
}

/**
 * A backend that is down: every connection to its port is reset at once
 * (the client sees connect ECONNRESET, a network failure), until `up()`.
 * Its port stays held meanwhile, unlike a closed one (see refusingPort).
 * The resets are this process's doing: while it blocks (spawnSync), a
 * connection waits instead.
 */
export async function downBackend(handler: RequestListener): Promise<Backend> {
  const http = createServer(handler);
  let isUp = false;
  const server = createTcpServer((socket) => (isUp ? http.emit('connection', socket) : socket.resetAndDestroy()));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as { port: number }).port,
    up: () => {
      isUp = true;
    },
    async close() {
      http.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Real `sleep` processes in a process group of their own, killed as that group (the bench's helper). */
export { startSleepers, type Sleepers } from '../bench/sleepers.js';
