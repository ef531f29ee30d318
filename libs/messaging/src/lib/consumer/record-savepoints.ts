import type { QueryRunner } from 'typeorm';

type Query = (query: string, parameters?: unknown[], useStructuredResult?: boolean) => Promise<unknown>;

/**
 * The SAVEPOINT of each record of a group transaction, taken lazily: just before the record's handler
 * sends its first query through the transaction's query runner (`ctx.manager`, its repositories, a nested
 * `manager.transaction`). A handler that does not touch the database costs no round trip; on this
 * machine a round trip per record was most of the group's time (bench/README.md).
 */
export class RecordSavepoints {
  private readonly raw: Query;
  /** The running handler has not queried yet: its first query takes the savepoint. */
  private armed = false;
  /** A savepoint `record` exists in the transaction (this record's or an earlier one's). */
  private open = false;
  /** The running handler took one. */
  private taken = false;

  constructor(runner: QueryRunner) {
    const raw = runner.query.bind(runner) as Query;
    this.raw = raw;
    const watched: Query = async (query, parameters, useStructuredResult) => {
      if (this.armed) {
        this.armed = false;
        this.taken = true;
        // Releasing the previous record's savepoint keeps one subtransaction level, not one per record.
        await raw(this.open ? 'RELEASE SAVEPOINT record; SAVEPOINT record' : 'SAVEPOINT record');
        this.open = true;
      }
      return raw(query, parameters, useStructuredResult);
    };
    runner.query = watched as QueryRunner['query'];
  }

  /** A record's handler starts. */
  begin(): void {
    this.armed = true;
    this.taken = false;
  }

  /** It ended well: what it wrote stays in the transaction. */
  end(): void {
    this.armed = false;
  }

  /** It failed: undo what it wrote (nothing to undo when it sent no query). */
  async rollback(): Promise<void> {
    this.armed = false;
    if (this.taken) await this.raw('ROLLBACK TO SAVEPOINT record');
  }
}
