import { createHash } from 'node:crypto';
import * as pg from 'pg';

/** How many statements one connection keeps prepared at most; the rest run unnamed, as before (ADR 0026). */
export const DEFAULT_STATEMENT_CACHE_SIZE = 200;

/**
 * The name under which a statement is prepared: the hash of its text, so one text has one name on every
 * connection. Undefined for a statement that must stay unnamed: one that selects `*` (an expand migration that
 * adds a column would change the result of a prepared `SELECT *`, and PostgreSQL refuses to run it then:
 * "cached plan must not change result type"). `count(*)` selects no columns and is fine.
 */
export function statementName(text: string): string | undefined {
  if (text.replace(/count\(\*\)/gi, '').includes('*')) return undefined;
  return `s_${createHash('sha1').update(text).digest('base64url')}`;
}

/**
 * A pg client that sends each parameterised statement as a named prepared statement, so that its connection
 * parses it once (and PostgreSQL can keep its plan) instead of parsing and planning it on every call, which was
 * most of PostgreSQL's work for a booking (ADR 0026). Statements without parameters (BEGIN, COMMIT, DDL) go as
 * before, and so does every statement past the connection's first `maxStatements` distinct ones (texts built
 * per call, e.g. a batch of N rows, must not fill the server's memory).
 */
export function statementCachingClient(maxStatements = DEFAULT_STATEMENT_CACHE_SIZE): typeof pg.Client {
  return class StatementCachingClient extends pg.Client {
    private readonly prepared = new Set<string>();

    override query(config: unknown, values?: unknown, callback?: unknown): never {
      const name = typeof config === 'string' && Array.isArray(values) && values.length > 0 ? this.nameFor(config) : undefined;
      const query = super.query as (...args: unknown[]) => never;
      return name ? query.call(this, { name, text: config, values }, callback) : query.call(this, config, values, callback);
    }

    private nameFor(text: string): string | undefined {
      const name = statementName(text);
      if (!name) return undefined;
      if (this.prepared.has(name)) return name;
      if (this.prepared.size >= maxStatements) return undefined;
      this.prepared.add(name);
      return name;
    }
  };
}
