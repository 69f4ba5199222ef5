// Piscina task: read and parse one slice of this tick's pid list into the
// shared process table. The task descriptor is three numbers; every byte of
// data stays in shared memory (see src/table/layout.ts).

import { workerData } from 'piscina';
import { StatSliceReader } from '../src/procfs/stat-slice-reader.js';
import type { ScanWorkerData, ScanTask } from '../src/scan/scan-pool.js';

const data = workerData as ScanWorkerData;
const reader = new StatSliceReader(data.table, data.procRoot, data.keepFds);

export default function scanSlice(task: ScanTask): number {
  reader.readSlice(task.from, task.to);
  return task.to - task.from;
}
