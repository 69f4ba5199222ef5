// The pidusage package measured in a process of its own: it keeps an fd
// open per pid it has seen and never closes them, which would shrink the
// fd budget of every scanner made after it in the bench's own process.
//   node pidusage-probe.js TIME_MS  → {"pids", "wallUs", "cpuUs"} per pid

import { readdirSync } from 'node:fs';
import pidusage from 'pidusage';
import { Bench } from 'tinybench';
import { pidOfEntry } from '../src/procfs/list-pids.js';

const timeMs = Number(process.argv[2] ?? 1500);
const pids = readdirSync('/proc').map(pidOfEntry).filter((p) => p > 0);
const run = () => pidusage(pids).catch(() => undefined);
for (let i = 0; i < 3; i++) await run();
const bench = new Bench({ time: timeMs, iterations: 10, warmup: false });
bench.add('pidusage', run);
const cpu0 = process.cpuUsage();
await bench.run();
const cpu = process.cpuUsage(cpu0);
const task = bench.tasks[0];
if (task.result.state !== 'completed') throw new Error(`pidusage: ${task.result.state}`);
process.stdout.write(
  JSON.stringify({
    pids: pids.length,
    wallUs: (task.result.latency.p50 * 1000) / pids.length,
    cpuUs: (cpu.user + cpu.system) / task.runs / pids.length,
  }) + '\n',
);
process.exit(0); // its history timer would keep the process alive
