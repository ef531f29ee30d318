import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { IdempotencyStore, requestFingerprint } from '@massage/idempotency';
import { DataSource, type EntityManager } from 'typeorm';
import { allowedWrite } from '../http/audit-entries';
import { notFound, type CommandContext } from '../http/request-context';
import { SchedulingRefusal } from '../http/scheduling-refusal';

export interface LocationConfigCommand extends CommandContext {
  idempotencyKey: string;
}

/**
 * The frame of every change to a location's configuration (a room, a service, a closure): the key claimed,
 * the location present (404 otherwise), a unique-code clash refused as 409 `code-taken`, the audit row
 * appended, all in one transaction.
 */
@Injectable()
export class LocationConfig {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly idempotency: IdempotencyStore,
  ) {}

  change<T>(cmd: LocationConfigCommand, what: { path: string; body: object; operation: string; resourceType: string }, write: (manager: EntityManager) => Promise<{ id: string; result: T }>): Promise<T> {
    const key = { scope: `${cmd.locationId}/${cmd.actor.subject}`, key: cmd.idempotencyKey, fingerprint: requestFingerprint('POST', what.path, what.body) };
    return this.idempotency.once(this.dataSource, key, 201, async (manager) => {
      const [location] = (await manager.query(`SELECT id FROM location WHERE id = $1 FOR SHARE`, [cmd.locationId])) as unknown[];
      if (!location) throw notFound('location');
      const { id, result } = await write(manager);
      await this.audit.record(manager, allowedWrite(cmd, what.operation, what.resourceType, id));
      return result;
    });
  }
}

/** Runs an insert that may clash with a unique code: the clash is refused (409 `code-taken`) instead of a 500. */
export async function insertUnique(manager: EntityManager, sql: string, values: unknown[], what: string): Promise<void> {
  const rows = (await manager.query(`${sql} ON CONFLICT DO NOTHING RETURNING 1`, values)) as unknown[];
  if (rows.length === 0) throw new SchedulingRefusal(409, 'code-taken', `This location has a ${what} with that code (or starting that day) already.`);
}
