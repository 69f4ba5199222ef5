// `infrawatch serve --role query`: the query role alone, answering
// POST /api/query and the fleet console (console/console-http.ts) on
// listen.address:port (TLS and the loopback rule as every listener,
// receiver/listener.ts), reading the row store that store.url
// names: PostgreSQL 15 through a pool of its own, or the embedded SQLite
// file at store.path (WAL: readable beside the process that writes it).
// The sketch store and the high-water mark are the mergers': the
// DistributionMetric rows in PostgreSQL beside the rows (store.url) or in
// the merger's SQLite file beside store.path, and the mark in Redis
// (merger.redis_url) or in that file, so that percentiles route to SKETCH
// and GET /api/high-water answers here as in `serve`. The router's mode per account:
// server.yaml's query:, under the fleet switch of fleet.db beside
// store.path (`infrawatch fleet router-mode`, read on every query: a
// switch holds from the next query on); on a machine of its own, the
// query role reads the fleet.db of its own store.path.

import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { verifierOfConfig } from '../auth/config-verifier.js';
import type { ServerConfig } from '../config/server-config.js';
import { FleetStore, fleetPathOf } from '../fleet/fleet-store.js';
import { storeKind } from '../engines.js';
import { listen } from '../receiver/listener.js';
import type { HighWaterMark } from '../high-water/high-water-mark.js';
import { RedisHighWaterMark } from '../high-water/redis-high-water-mark.js';
import { SqliteHighWaterMark } from '../high-water/sqlite-high-water-mark.js';
import { PostgresSketchStore } from '../sketch-store/postgres-sketch-store.js';
import type { SketchStore } from '../sketch-store/sketch-store.js';
import { SqliteSketchStore } from '../sketch-store/sqlite-sketch-store.js';
import { openRowsFile, openSketchesFile, type SqliteDatabase, sketchesPathOf } from '../store/sqlite-file.js';
import { StoredHighWater, StoredSketchReader } from './stored-sketches.js';
import { ConsoleHttp, withConsoleRoute } from '../console/console-http.js';
import { PostgresSqlRunner } from './postgres-sql-runner.js';
import { QueryHttp } from './query-http.js';
import { modeOptions, QueryService } from './query-service.js';
import type { SqlRunner } from './sql-runner.js';
import { SqliteSqlRunner } from './sqlite-sql-runner.js';

export interface RunningQueryServer {
  readonly url: string;
  readonly metricsUrl: undefined;
  close(): Promise<void>;
}

export async function startQueryServer(config: ServerConfig, source: string, log: Logger): Promise<RunningQueryServer> {
  const verifier = verifierOfConfig(config, source, log, 'query');
  let runner: SqlRunner;
  let closeStore: () => void = () => {};
  if (storeKind(config.store.url) === 'postgres') {
    runner = PostgresSqlRunner.open(config.store.url);
  } else {
    const db = openRowsFile(config.store.path);
    runner = new SqliteSqlRunner(db);
    closeStore = () => db.close();
  }
  let fleet: FleetStore | undefined;
  let sketchesDb: SqliteDatabase | undefined;
  let sketches: SketchStore | undefined;
  let mark: HighWaterMark | undefined;
  const closeSketches = async () => {
    await mark?.close();
    await sketches?.close();
    sketchesDb?.close();
  };
  try {
    fleet = new FleetStore(fleetPathOf(config.store.path));
    if (storeKind(config.store.url) === 'postgres') sketches = await PostgresSketchStore.open({ url: config.store.url });
    else {
      sketchesDb = openSketchesFile(sketchesPathOf(config.store.path));
      sketches = await SqliteSketchStore.open(sketchesDb);
    }
    if (config.merger.redis_url !== '') mark = await RedisHighWaterMark.open({ url: config.merger.redis_url, partitions: config.topics.partitions });
    else if (sketchesDb !== undefined) mark = new SqliteHighWaterMark(sketchesDb, config.topics.partitions);
  } catch (err) {
    await closeSketches();
    fleet?.close();
    await runner.close();
    closeStore();
    throw err;
  }
  const s = sketches;
  const m = mark;
  const service = new QueryService(runner, { ...modeOptions(config.query, fleet), sketches: new StoredSketchReader(() => s), marks: new StoredHighWater(() => m) });
  let server: Server;
  try {
    server = await listen(config, config.listen.address, config.listen.port, 'listen.address', withConsoleRoute(new ConsoleHttp(service, verifier, fleet), new QueryHttp(service, verifier).handle));
  } catch (err) {
    await service.close();
    await closeSketches();
    fleet.close();
    closeStore();
    throw err;
  }
  const a = server.address() as AddressInfo;
  const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  let closing: Promise<void> | undefined;
  return {
    url: `${config.tls.cert_file !== '' ? 'https' : 'http'}://${host}:${a.port}`,
    metricsUrl: undefined,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await service.close();
        await closeSketches();
        fleet.close();
        closeStore();
      })();
      return closing;
    },
  };
}
