// Stages a scenario on this machine and records it with `infrawatch record`
// (the recorder in-process): the recordings shipped in test/fixtures/ were
// made with it.
//
//   node dist/bench/stage-recording.js steady|churn OUT [SECONDS]
//
// steady: 2,000 idle `sleep` processes and 3 busy shell loops.
// churn:  500 idle `sleep` processes; 20 short-lived processes (1–3 s) start
//         every second; one process spins a core from 40 s to 55 s (a cpu
//         spike); one node process leaks 16 MB/s from 30 s until it holds
//         512 MB (a memory leak).
// Every process the scenario starts is in a process group of its own, and
// exactly those groups are killed at the end.

import { spawn, type ChildProcess } from 'node:child_process';
import { record } from '../src/replay/recorder.js';
import { readSystemConf } from '../src/procfs/system-conf.js';
import { DEFAULT_CONFIG } from '../src/config/schema.js';
import { startSleepers, type Sleepers } from './sleepers.js';

const SCENARIOS = {
  steady: {
    sleepers: 2000,
    script: 'for i in 1 2 3; do (while :; do :; done) & done; wait',
    note: 'steady: 2,000 idle sleep processes, 3 busy shell loops (2 cpus)',
  },
  churn: {
    sleepers: 500,
    script: [
      '(sleep 40; end=$((SECONDS+15)); while [ $SECONDS -lt $end ]; do :; done; exec sleep 3600) &',
      `${JSON.stringify(process.execPath)} -e 'const a = []; setTimeout(() => setInterval(() => { if (a.length < 128) a.push(Buffer.alloc(4 << 20, 1)); }, 250), 30000)' &`,
      'while :; do for i in $(seq 20); do sleep $((RANDOM % 3 + 1)) & done; sleep 1; done &',
      'wait',
    ].join('\n'),
    note: 'churn: 500 idle sleep processes; 20 processes of 1-3 s start every second; a cpu spike (one core, 40-55 s); a leak of 16 MB/s to 512 MB (from 30 s)',
  },
} as const;

async function main(): Promise<void> {
  const [name, out, seconds = '120'] = process.argv.slice(2);
  const scenario = SCENARIOS[name as keyof typeof SCENARIOS];
  if (scenario === undefined || out === undefined) {
    process.stderr.write('usage: node dist/bench/stage-recording.js steady|churn OUT [SECONDS]\n');
    process.exit(2);
  }
  let sleepers: Sleepers | undefined;
  let group: ChildProcess | undefined;
  try {
    sleepers = await startSleepers(scenario.sleepers);
    group = spawn('bash', ['-c', scenario.script], { detached: true, stdio: 'ignore' });
    const summary = await record(
      { procRoot: '/proc', out, durationS: Number(seconds), intervalMs: 1000, system: readSystemConf(), cmdlineMaxBytes: DEFAULT_CONFIG.cmdline_max_bytes, note: scenario.note },
      (line) => process.stderr.write(line + '\n'),
    );
    process.stdout.write(`${out}: ${summary.ticks} ticks, ${summary.pidsLastTick} pids in the last, ${summary.fileBytes} bytes (${summary.rawBytes} before gzip)\n`);
  } finally {
    if (group?.pid !== undefined) {
      try {
        process.kill(-group.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    sleepers?.kill();
  }
}

void main();
