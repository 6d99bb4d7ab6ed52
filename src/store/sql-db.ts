/**
 * The little SQL surface the store needs, implemented once for SQLite (better-sqlite3) and once for
 * PostgreSQL (pg). Statements use `?` placeholders; the PostgreSQL side numbers them.
 */
export type SqlDialect = 'sqlite' | 'postgres';
export type SqlParam = string | number | null;
export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  readonly dialect: SqlDialect;
  all<T extends SqlRow = SqlRow>(sql: string, params?: SqlParam[]): Promise<T[]>;
  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, params?: SqlParam[]): Promise<number>;
}

export interface SqlDb extends SqlExecutor {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a multi-statement script (migrations), without parameters. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** `?` → `$1, $2, …` for PostgreSQL (the store never puts `?` inside string literals). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
