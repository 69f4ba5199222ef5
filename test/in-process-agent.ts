// The agent run inside the test's own process: the same AgentRunner that
// `infrawatch run` starts (the config file watched, the fleet polled, PATCH
// /config on the health listener), its log lines caught as they are
// written instead of read from a child's stdout. For the tests of what the
// agent does with its config and its breakers, which need no process of
// their own; what needs one (a signal, an exit code, the process's own
// cpu, a lock held against another process) stays on runAgent.

import { AgentRunner } from '../src/agent-runner.js';
import type { LogLine } from './helpers.js';

export interface InProcessAgent {
  readonly runner: AgentRunner;
  /** Every log line so far, parsed. */
  logs(): LogLine[];
  /** Polls until `pred` holds (throws, naming `what`, after `timeoutMs`). */
  waitFor(pred: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Reads the config file again now, as SIGHUP does. */
  reload(): Promise<void>;
  /** Stops it as SIGINT does: 0 once stopped cleanly, 1 if the stop failed. */
  stop(): Promise<number>;
}

/** Agents started here and not yet stopped: a test that fails before stop() leaves none running into the next. */
const running = new Set<AgentRunner>();

/** Stops every agent a test left running (call it in afterEach). */
export async function stopInProcessAgents(): Promise<void> {
  await Promise.all([...running].map((r) => r.stop().catch(() => {})));
  running.clear();
}

export function startAgent(configFile: string): InProcessAgent {
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  const destination = {
    write(line: string) {
      lines.push(JSON.parse(line) as LogLine);
      for (const w of waiters) w();
    },
  };
  const runner = new AgentRunner(configFile, { logDestination: destination });
  running.add(runner);
  let startError: Error | undefined;
  const started = runner.start().catch((err: unknown) => {
    startError = err as Error;
  });
  const agent: InProcessAgent = {
    runner,
    logs: () => lines.slice(),
    waitFor(pred, what, timeoutMs = 20_000) {
      return new Promise<void>((resolve, reject) => {
        const finish = () => {
          clearInterval(timer);
          clearTimeout(deadline);
          waiters.delete(onLine);
        };
        const check = () => {
          let held: boolean;
          try {
            if (startError !== undefined) throw startError;
            held = pred();
          } catch (err) {
            finish();
            reject(err);
            return;
          }
          if (!held) return;
          finish();
          resolve();
        };
        // After the line is in: the predicate reads logs().
        const onLine = () => setImmediate(check);
        waiters.add(onLine);
        const timer = setInterval(check, 50);
        const deadline = setTimeout(() => {
          finish();
          const tail = lines.slice(-5).map((l) => JSON.stringify(l));
          reject(new Error(`timed out waiting for ${what}; log tail:\n${tail.join('\n')}`));
        }, timeoutMs);
        check();
      });
    },
    async reload() {
      await started;
      await runner.reloadFile();
    },
    async stop() {
      await started;
      running.delete(runner);
      if (startError !== undefined) throw startError;
      try {
        await runner.stop();
        return 0;
      } catch {
        return 1;
      }
    },
  };
  return agent;
}
