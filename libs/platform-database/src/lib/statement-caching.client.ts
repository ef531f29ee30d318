import { createHash } from 'node:crypto';
import * as pg from 'pg';

/** How many statements one connection keeps prepared at most; the rest run unnamed, as before (ADR 0026). */
export const DEFAULT_STATEMENT_CACHE_SIZE = 200;

/**
 * Statements with more parameters than this stay unnamed: their texts are built per call for a batch of N rows
 * (`OutboxWriter.enqueueMany`: 6 a row), so each size would be a statement of its own, and a large one.
 */
export const MAX_PREPARED_PARAMETERS = 100;

/**
 * The name under which a statement is prepared: the hash of its text, so one text has one name on every
 * connection. Undefined for a statement that must stay unnamed: one that selects `*` (an expand migration that
 * adds a column would change the result of a prepared `SELECT *`, and PostgreSQL refuses to run it then:
 * "cached plan must not change result type"). `count(*)` selects no columns and is fine. The test is textual,
 * so a `*` elsewhere (a product, a comment) also leaves a statement unnamed: caching lost, nothing broken.
 */
export function statementName(text: string): string | undefined {
  if (text.replace(/count\(\*\)/gi, '').includes('*')) return undefined;
  return `s_${createHash('sha1').update(text).digest('base64url')}`;
}

/**
 * A failure after which this connection's prepared statement can no longer be trusted: the server dropped it
 * (26000; node-postgres closes it itself when a value cannot be bound, an error without a SQLSTATE), or the
 * statement no longer fits the schema it was prepared against (after a column's type changed: 0A000 "cached plan
 * must not change result type" for its result, a class 42 error such as 42883 for its parameters' types, fixed
 * when it was prepared). Run unnamed, a statement is analysed afresh, so a class 42 error that is the code's own
 * comes back the same. Other errors (constraints, deadlocks, a division by zero) leave the statement as it was.
 */
function unsettlesStatement(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return true;
  return code === '26000' || code.startsWith('42') || (code === '0A000' && /cached plan must not change result type/.test(String((error as Error).message)));
}

type QueryCallback = (error: Error | null, result?: unknown) => void;

/**
 * A pg client that sends each parameterised statement as a named prepared statement, so that its connection
 * parses it once (and PostgreSQL can keep its plan) instead of parsing and planning it on every call, which was
 * most of PostgreSQL's work for a booking (ADR 0026). Statements without parameters (BEGIN, COMMIT, DDL) go as
 * before, and so do statements with more than MAX_PREPARED_PARAMETERS and every statement past the connection's
 * first `maxStatements` distinct ones (texts built per call must not fill the server's memory). A statement whose
 * call failed in a way that leaves the server's copy gone or unusable runs unnamed on this connection from then on:
 * one failed call, not a connection stuck on it.
 */
export function statementCachingClient(maxStatements = DEFAULT_STATEMENT_CACHE_SIZE): typeof pg.Client {
  return class StatementCachingClient extends pg.Client {
    private readonly prepared = new Set<string>();
    private readonly retired = new Set<string>();

    override query(config: unknown, values?: unknown, callback?: unknown): never {
      const query = super.query as (...args: unknown[]) => never;
      const name =
        typeof config === 'string' && Array.isArray(values) && values.length > 0 && values.length <= MAX_PREPARED_PARAMETERS ? this.nameFor(config) : undefined;
      if (!name) return query.call(this, config, values, callback);
      const named = { name, text: config, values };
      const retireOn = (error: unknown) => {
        if (unsettlesStatement(error)) this.retired.add(name);
      };
      if (typeof callback === 'function') {
        return query.call(this, named, (error: Error | null, result?: unknown) => {
          if (error) retireOn(error);
          (callback as QueryCallback)(error, result);
        });
      }
      return (query.call(this, named) as Promise<unknown>).catch((error: unknown) => {
        retireOn(error);
        throw error;
      }) as never;
    }

    private nameFor(text: string): string | undefined {
      const name = statementName(text);
      if (!name || this.retired.has(name)) return undefined;
      if (this.prepared.has(name)) return name;
      if (this.prepared.size >= maxStatements) return undefined;
      this.prepared.add(name);
      return name;
    }
  };
}
