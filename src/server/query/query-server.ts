// `infrawatch serve --role query`: the query role alone, answering
// POST /api/query on listen.address:port (TLS and the loopback rule as every
// listener, receiver/listener.ts), reading the row store that store.url
// names: PostgreSQL 15 through a pool of its own, or the embedded SQLite
// file at store.path (WAL: readable beside the process that writes it).
// The sketch store and the high-water mark are part 2's (server-merger):
// until they are plugged in (QueryServiceOptions.sketches, .marks), every
// query runs RAW and its metadata says so. The router's mode per account:
// server.yaml's query:, under the fleet switch of fleet.db beside
// store.path (`infrawatch fleet router-mode`, read on every query: a
// switch holds from the next query on); on a machine of its own, the
// query role reads the fleet.db of its own store.path.

import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { loadKeyRing } from '../auth/key-ring.js';
import { TokenVerifier } from '../auth/token-verifier.js';
import type { ServerConfig } from '../config/server-config.js';
import { FleetStore, fleetPathOf } from '../fleet/fleet-store.js';
import { storeKind } from '../engines.js';
import { listen } from '../receiver/listener.js';
import { openRowsFile } from '../store/sqlite-file.js';
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
  const keys = loadKeyRing(config.auth.keys, source);
  if (keys.length === 0) log.warn('auth.keys is empty: every query will be refused (401)');
  const verifier = new TokenVerifier(keys, { issuer: config.auth.issuer, audience: config.auth.audience, clockToleranceSeconds: config.auth.clock_tolerance_seconds });
  let runner: SqlRunner;
  let closeStore: () => void = () => {};
  if (storeKind(config.store.url) === 'postgres') {
    runner = PostgresSqlRunner.open(config.store.url);
  } else {
    const db = openRowsFile(config.store.path);
    runner = new SqliteSqlRunner(db);
    closeStore = () => db.close();
  }
  let fleet: FleetStore;
  try {
    fleet = new FleetStore(fleetPathOf(config.store.path));
  } catch (err) {
    await runner.close();
    closeStore();
    throw err;
  }
  const service = new QueryService(runner, modeOptions(config.query, fleet));
  let server: Server;
  try {
    server = await listen(config, config.listen.address, config.listen.port, 'listen.address', new QueryHttp(service, verifier).handle);
  } catch (err) {
    await service.close();
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
        fleet.close();
        closeStore();
      })();
      return closing;
    },
  };
}
