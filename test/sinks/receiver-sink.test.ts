// The receiver sink against a receiver on loopback that keeps what it is
// sent: a real `infrawatch run` ships its ProcessEnvelopes, its sketch
// windows and its diag events to {receiver_url}/v1/envelopes, one kind a
// request, with the host's token, and the records are the spool's own.

import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs/minimal.js';
import { afterAll, describe, expect, it } from 'vitest';
import { infrawatch } from '../../src/wire/generated/infrawatch.js';
import { FIXTURE_PROC, runAgent } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'iw-receiver-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The length-delimited records of a body. */
function records(body: Buffer): Buffer[] {
  const out: Buffer[] = [];
  const reader = protobuf.Reader.create(body);
  while (reader.pos < reader.len) {
    const length = reader.uint32();
    out.push(body.subarray(reader.pos, reader.pos + length));
    reader.skip(length);
  }
  return out;
}

describe('the receiver sink', () => {
  it('ships each tick, each sketch window and the diag events as length-delimited envelopes, one kind a request, with the host token', async () => {
    const got: { path: string; headers: IncomingHttpHeaders; records: Buffer[] }[] = [];
    let refuseFirst = true;
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      // The first request is refused with 503: the agent must keep it and send it again.
      if (refuseFirst) {
        refuseFirst = false;
        res.writeHead(503, { 'retry-after': '0' }).end();
        return;
      }
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(Buffer.concat(chunks)) : Buffer.concat(chunks);
      got.push({ path: req.url ?? '', headers: req.headers, records: records(body) });
      res.writeHead(200).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    const file = join(dir, 'agent.yaml');
    writeFileSync(
      file,
      [
        `proc_root: ${FIXTURE_PROC}`,
        'interval_seconds: 0.3',
        'sketch_window_s: 1',
        `spool_dir: ${join(dir, 'spool')}`,
        `queue_dir: ${join(dir, 'queue')}`,
        'metrics_listen: ""',
        'host_id: host-a',
        `receiver_url: http://127.0.0.1:${port}`,
        'receiver_token: token-of-host-a',
        'retry_start_s: 0.05',
        // A row file that fails makes the enrichment breaker emit diag events.
        'enrich_budget_ms: 0',
      ].join('\n') + '\n',
      { mode: 0o600 }, // it holds a token
    );
    const agent = runAgent(file);
    const kinds = () => new Set(got.map((g) => g.headers['content-type']));
    await agent.waitFor(() => kinds().size === 3 && got.filter((g) => g.headers['content-type']?.toString().endsWith('ProcessEnvelope')).length >= 4, 'the three kinds of envelope at the receiver');
    agent.child.kill('SIGINT');
    await once(agent.child, 'exit');
    server.close();

    for (const g of got) {
      expect(g.path.split('?')[0]).toBe('/v1/envelopes');
      expect(g.headers.authorization).toBe('Bearer token-of-host-a');
      expect(g.headers['user-agent']).toMatch(/^infrawatch-agent\//);
    }
    const of = (type: string) => got.filter((g) => g.headers['content-type'] === `application/x-protobuf; messageType=infrawatch.${type}`).flatMap((g) => g.records);
    const processes = of('ProcessEnvelope').map((r) => infrawatch.ProcessEnvelope.decode(r));
    expect(processes.every((e) => e.entityGuid === 'host-a' && (e.payload?.top?.length ?? 0) > 0)).toBe(true);
    // Nothing lost to the 503: every tick's envelope came, in order, as the spool keeps it.
    const spooled = records(readFileSync(join(dir, 'spool', 'processes.ldpb')));
    const received = of('ProcessEnvelope');
    expect(received.length).toBeGreaterThanOrEqual(4);
    expect(spooled.slice(0, received.length).map((b) => b.toString('hex'))).toEqual(received.map((b) => b.toString('hex')));
    const sketches = of('SketchEnvelope').map((r) => infrawatch.SketchEnvelope.decode(r));
    expect(sketches.length).toBeGreaterThan(0);
    expect(sketches.every((s) => s.entityGuid === 'host-a' && s.metricName !== '')).toBe(true);
    const diag = of('AgentDiagEvent').map((r) => infrawatch.AgentDiagEvent.decode(r));
    expect(diag.some((d) => d.module === 'enrich')).toBe(true);
  });
});
