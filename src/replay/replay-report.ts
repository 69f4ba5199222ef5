// The replay's figures as a short table for people (the JSON has them all).

import type { ReplayReport } from './replay.js';

const pct = (x: number) => `${(x * 100).toFixed(x < 0.001 && x > 0 ? 4 : 2)} %`;
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const mb = (x: number) => `${(x / 1e6).toFixed(2)} MB`;

export function formatReplayReport(r: ReplayReport): string {
  const q = (e: { p50: number; p95: number; p99: number }) => `p50 ${pct(e.p50)}, p95 ${pct(e.p95)}, p99 ${pct(e.p99)}`;
  const rec = r.recording;
  return [
    `replay of ${rec.file}: ${rec.ticks} ticks at ${rec.intervalMs} ms (${rec.durationS} s), ${int(rec.pidsPerTick.mean)} pids a tick (max ${int(rec.pidsPerTick.max)})${rec.note ? `\n  ${rec.note}` : ''}`,
    `config: top_n ${r.config.topN}, sketch window ${r.config.sketchWindowS} s, scale ${r.config.sketchScale}`,
    '',
    `                       raw              smart + sketch    cut`,
    `rows per tick          ${int(r.raw.rowsPerTick.mean).padEnd(17)}${`${int(r.smart.rowsPerTick.mean)} + ${int(r.smart.aggregatesPerTick.mean)} aggregates`.padEnd(18)}`,
    `series per hour        ${int(r.raw.seriesPerHour).padEnd(17)}${int(r.smart.seriesPerHour).padEnd(18)}${pct(r.cut.series)}`,
    `wire bytes per hour    ${mb(r.raw.wireBytesPerHour.protobuf).padEnd(17)}${mb(r.smart.wireBytesPerHour.protobuf).padEnd(18)}${pct(r.cut.wireBytes)}`,
    `  gzip'd               ${mb(r.raw.wireBytesPerHour.gzip).padEnd(17)}${mb(r.smart.wireBytesPerHour.gzip).padEnd(18)}${pct(r.cut.wireBytesGzip)}`,
    `  of which sketches                     ${mb(r.smart.sketchBytesPerHour.protobuf)} (${r.smart.sketchEnvelopes} envelopes)`,
    '',
    `sketch error, worst over ${r.sketchError.windows} windows (${r.sketchError.keysCompared} key × metric comparisons):`,
    `  host cpu%   ${q(r.sketchError.host.cpu)}`,
    `  host RSS    ${q(r.sketchError.host.rss)}`,
    `  names cpu%  ${q(r.sketchError.names.cpu)}`,
    `  names RSS   ${q(r.sketchError.names.rss)}`,
    `totals error (rows + aggregates against every process), worst tick: count ${pct(r.totalsError.processCount)}, cpu ${pct(r.totalsError.cpuPercent)}, RSS ${pct(r.totalsError.rssBytes)}`,
    `anomaly recall: ${r.anomalies.caught} of ${r.anomalies.spikes} spikes caught as top rows = ${pct(r.anomalies.recall)}`,
    `  (${r.anomalies.definition})`,
    `harness: ${r.harness.wallMsPerTick.toFixed(1)} ms wall, ${r.harness.cpuMsPerTick.toFixed(1)} ms cpu per replayed tick (${r.harness.realTimeFactor.toFixed(0)}× real time)`,
    '',
  ].join('\n');
}
