// The agent's own log: pino JSON lines, info and below on stdout, warnings
// and errors on stderr (what a shell user and a log shipper expect). Under
// systemd (JOURNAL_STREAM set: stdout/stderr go to the journal) each line
// starts with its syslog priority, "<4>" for a warning, which journald
// reads as the entry's priority (sd-daemon(3)), so `journalctl -p warning
// -u infrawatch` shows the warnings and errors only.

import { pino, type DestinationStream, type Level, type LevelWithSilent, type Logger } from 'pino';

/** syslog(3) priorities of pino's levels: fatal crit, error err, warn warning, info info, debug and trace debug. */
const SYSLOG_PRIORITY: Readonly<Record<Level, number>> = { fatal: 2, error: 3, warn: 4, info: 6, debug: 7, trace: 7 };

const LEVELS: readonly Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

export interface AgentLogOptions {
  /** Prefix each line with its syslog priority; default: when JOURNAL_STREAM says the output is the journal. */
  readonly journal?: boolean;
  /** File descriptors of the two streams (tests may redirect them). */
  readonly outFd?: number;
  readonly errFd?: number;
  /** Every line, of every level, to this stream instead (an agent run inside a test's process). */
  readonly destination?: DestinationStream;
}

/** Whether stdout and stderr go to the journal: systemd sets JOURNAL_STREAM when it connects them. */
export function writingToJournal(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.JOURNAL_STREAM !== undefined;
}

/** Text for stderr at syslog priority err: under the journal every line carries "<3>" (a stack's lines too, each an entry). */
export function errorText(text: string, journal = writingToJournal()): string {
  if (!journal) return text;
  return text.replace(/^(?=.)/gm, `<${SYSLOG_PRIORITY.error}>`);
}

function prefixed(dest: DestinationStream, prefix: string): DestinationStream {
  return prefix === '' ? dest : { write: (line: string) => dest.write(prefix + line) };
}

export function createAgentLog(level: LevelWithSilent, options: AgentLogOptions = {}): Logger {
  if (options.destination !== undefined) return pino({ level, base: { agent: 'infrawatch' } }, options.destination);
  const journal = options.journal ?? writingToJournal();
  // sync: a line written just before the process dies (a fatal error) is not lost in a buffer.
  const out = pino.destination({ dest: options.outFd ?? 1, sync: true });
  const err = pino.destination({ dest: options.errFd ?? 2, sync: true });
  // One stream per level; with dedupe a line goes to the stream of its own level only.
  const streams = LEVELS.map((l) => ({
    level: l,
    stream: prefixed(SYSLOG_PRIORITY[l] <= SYSLOG_PRIORITY.warn ? err : out, journal ? `<${SYSLOG_PRIORITY[l]}>` : ''),
  }));
  return pino({ level, base: { agent: 'infrawatch' } }, pino.multistream(streams, { dedupe: true }));
}
