// The envelope the ingest benches send: one smart-mode tick of a busy host,
// 20 top rows with the strings a real row has and 60 aggregate rows (what
// the replay recordings make), for the embedded server (server-ingest) and
// for VictoriaMetrics (victoria-metrics), so both take the same samples.

export const TOP = 20;
export const AGGREGATES = 60;

/** One smart-mode tick's envelope: 20 rows with the strings a real row has, 60 aggregate rows. */
export function envelope(host: string, timestampMs: number) {
  return {
    entityGuid: host,
    schemaVersion: '2.2',
    payload: {
      timestampMs,
      intervalMs: 10_000,
      mode: 'smart',
      topN: TOP,
      top: Array.from({ length: TOP }, (_, i) => ({
        processId: 1000 + i,
        parentProcessId: 1,
        commandName: `worker-${i}`,
        processDisplayName: `worker-${i}`,
        state: 'S',
        cpuPercent: 1.5 * i,
        cpuUserPercent: i,
        cpuSystemPercent: 0.5 * i,
        memoryResidentSizeBytes: 50_000_000 + i * 4096,
        memoryVirtualSizeBytes: 900_000_000,
        threadCount: 8,
        commandLine: `/usr/bin/python3 /srv/app/worker.py --queue jobs-${i} --concurrency 4 --log-level info`,
        userName: 'app',
        ioTotalReadBytes: 1_000_000,
        ioTotalWriteBytes: 2_000_000,
        minorPageFaults: 12345,
        majorPageFaults: 12,
      })),
      aggregates: Array.from({ length: AGGREGATES }, (_, i) => ({
        processDisplayName: `kworker/${i}:1`,
        processCount: 3,
        cpuPercent: 0.1,
        cpuUserPercent: 0.05,
        cpuSystemPercent: 0.05,
        memoryResidentSizeBytes: 3_000_000,
        memoryVirtualSizeBytes: 9_000_000,
        threadCount: 3,
      })),
      totals: { processCount: TOP + 3 * AGGREGATES },
    },
  };
}
