// Piscina task: read and parse one slice of this tick's pid list into the
// shared process table. The task descriptor is two numbers; every byte of
// data stays in shared memory (see src/table/layout.ts).

// Piscina hands its `workerData` option to the Worker as-is (it is what
// `require('piscina').workerData` returns); reading it from worker_threads
// spares each worker loading piscina's main module.
import { workerData } from 'node:worker_threads';
import { StatSliceReader } from '../src/scan/stat-slice-reader.js';
import type { ScanWorkerData, ScanTask } from '../src/scan/scan-pool.js';

const data = workerData as ScanWorkerData;
const reader = new StatSliceReader(data.table, data.procRoot, data.keepFds);

export default function scanSlice(task: ScanTask): number {
  reader.readSlice(task.from, task.to);
  return task.to - task.from;
}
