// A row store's read side, as the query executor needs it: run one
// statement, get its rows. One implementation per store, beside the store
// (sqlite-sql-runner.ts on the embedded file, postgres-sql-runner.ts on
// PostgreSQL 15); the compiler's dialect says how to write for each.

import type { SqlDialect } from './sql-dialect.js';

export type SqlRow = Record<string, unknown>;

export interface SqlRunner {
  readonly dialect: SqlDialect;
  all(sql: string, params: readonly unknown[]): Promise<SqlRow[]>;
  close(): Promise<void>;
}
