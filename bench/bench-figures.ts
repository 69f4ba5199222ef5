// The ingest benches' figures, left in var/bench/<name>.json by one bench
// of `npm run bench` for the side by side that the last one prints
// (victoria-metrics.bench.ts).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/paths.js';

/** One server's figures under the sustained load of one envelope a request. */
export interface IngestFigures {
  readonly envelopesPerSecond: number;
  readonly rowsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** From the 2xx to the rows readable in the store. */
  readonly lagP50Ms: number;
  readonly lagP99Ms: number;
  /** Cpu of every process of the server (a scale-out server's roles added up), ms an envelope. */
  readonly cpuMsPerEnvelope: number;
  /** Peak RSS of the server's processes, added up (scale-out: receiver, writer, nats-server; not PostgreSQL's shared buffers). */
  readonly peakRssMb: number;
  /** When the bench ran (ISO 8601): the side by side says it, a file may be from an older run. */
  readonly measuredAt: string;
}

const fileOf = (name: string) => join(packageRoot, 'var', 'bench', `${name}.json`);

export function writeBenchFigures(name: string, figures: Omit<IngestFigures, 'measuredAt'>): void {
  mkdirSync(join(packageRoot, 'var', 'bench'), { recursive: true });
  writeFileSync(fileOf(name), `${JSON.stringify({ ...figures, measuredAt: new Date().toISOString() })}\n`);
}

/** The figures a bench left, or undefined when it was not run. */
export function readBenchFigures(name: string): IngestFigures | undefined {
  return existsSync(fileOf(name)) ? (JSON.parse(readFileSync(fileOf(name), 'utf8')) as IngestFigures) : undefined;
}
