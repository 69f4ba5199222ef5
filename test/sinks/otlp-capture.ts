// A real `infrawatch run` with the otlp sink on, sending to an OTLP/HTTP
// receiver on loopback; the requests are decoded with the official
// opentelemetry-proto definitions (test/fixtures/opentelemetry-proto, loaded
// by protobufjs here), not with the generated code the agent encodes with.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import protobuf from 'protobufjs';
import { CLI } from '../helpers.js';

const PROTO_ROOT = fileURLToPath(new URL('../fixtures/opentelemetry-proto/', import.meta.url));

function officialRequestType(): protobuf.Type {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(PROTO_ROOT, target);
  root.loadSync('opentelemetry/proto/collector/metrics/v1/metrics_service.proto', { keepCase: false });
  return root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest');
}

export interface Captured {
  /** Each request decoded, 64-bit integers as decimal strings (exact). */
  requests: any[];
  headers: Record<string, string | string[] | undefined>[];
}

/**
 * Runs the agent with `configLines` (plus the endpoint and folders) until
 * `done` says the captured requests suffice (or 10 s), then stops it with
 * SIGINT.
 */
export async function captureOtlp(configLines: string[], done: (c: Captured) => boolean): Promise<Captured> {
  const Request = officialRequestType();
  const captured: Captured = { requests: [], headers: [] };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    captured.headers.push(req.headers);
    captured.requests.push(Request.toObject(Request.decode(body), { longs: String, defaults: false, arrays: true }));
    res.writeHead(200).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const dir = mkdtempSync(join(tmpdir(), 'iw-otlp-'));
  try {
    const config = join(dir, 'agent.yaml');
    writeFileSync(config, [`otlp_endpoint: "http://127.0.0.1:${port}"`, `spool_dir: ${join(dir, 'spool')}`, `queue_dir: ${join(dir, 'queue')}`, 'metrics_listen: ""', ...configLines].join('\n') + '\n');
    const child = spawn(process.execPath, [CLI, 'run', '--config', config], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !done(captured); i++) await sleep(100);
    child.kill('SIGINT');
    await once(child, 'exit');
    return captured;
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Attr = { key: string; value: Record<string, unknown> };

/** Attributes as a plain object of their values. */
export const attrs = (list: Attr[] = []): Record<string, any> => Object.fromEntries(list.map((a) => [a.key, Object.values(a.value)[0]]));

/** Every (resource attributes, metric) pair of the captured requests. */
export function metricsOf(c: Captured): Array<{ resource: Record<string, any>; metric: any }> {
  return c.requests.flatMap((r) =>
    (r.resourceMetrics ?? []).flatMap((rm: any) => (rm.scopeMetrics ?? []).flatMap((sm: any) => (sm.metrics ?? []).map((metric: any) => ({ resource: attrs(rm.resource?.attributes), metric })))),
  );
}
