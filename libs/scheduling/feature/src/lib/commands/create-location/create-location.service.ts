import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { LocationOpened } from '@massage/contracts';
import { IdempotencyStore, requestFingerprint } from '@massage/idempotency';
import { OutboxWriter } from '@massage/messaging';
import { CLOCK, type Clock, ValidationProblem } from '@massage/platform';
import { SCHEDULING_API_LIMITS, type CreateLocationRequest, type LocationResponse } from '@massage/scheduling-api';
import { isTimeZone } from '@massage/scheduling-domain';
import { DataSource } from 'typeorm';
import { CalendarReader } from '../../calendar/calendar.reader';
import { closureProblems, openingHoursProblems } from '../../calendar/calendar-rules';
import { allowedWrite } from '../../http/audit-entries';
import type { CommandContext } from '../../http/request-context';
import { toLocationResponse } from '../../http/responses';
import { SchedulingRefusal } from '../../http/scheduling-refusal';

export interface CreateLocationCommand extends Omit<CommandContext, 'locationId'> {
  idempotencyKey: string;
  location: CreateLocationRequest;
}

/**
 * Opens a location (hq-admin): the location, its weekly windows and closures, LocationOpened on the compacted
 * locations topic (keyed by code) and the audit row, in one transaction. A code already taken is refused
 * (409 `location-exists`), never overwritten.
 */
@Injectable()
export class CreateLocationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly idempotency: IdempotencyStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(cmd: CreateLocationCommand): Promise<LocationResponse> {
    const l = cmd.location;
    const problems = [
      ...(isTimeZone(l.timeZone) ? [] : [{ name: 'timeZone', reason: 'must be an IANA time zone such as America/Toronto' }]),
      ...openingHoursProblems(l.openingHours),
      ...closureProblems(l.closures ?? []),
    ];
    if (problems.length > 0) throw new ValidationProblem(problems);
    const now = this.clock.now();
    const key = { scope: `locations/${cmd.actor.subject}`, key: cmd.idempotencyKey, fingerprint: requestFingerprint('POST', '/locations', l) };
    return this.idempotency.once(this.dataSource, key, 201, async (manager) => {
      const inserted = (await manager.query(
        `INSERT INTO location (id, name, time_zone, jurisdiction, cancellation_window_minutes, opened_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [l.code, l.name, l.timeZone, l.jurisdiction, l.cancellationWindowMinutes ?? SCHEDULING_API_LIMITS.cancellationWindowMinutes.default, now],
      )) as unknown[];
      if (inserted.length === 0) throw new SchedulingRefusal(409, 'location-exists', `A location with code ${l.code} exists already.`);
      for (const day of l.openingHours) {
        for (const w of day.windows) {
          await manager.query(`INSERT INTO location_opening_window (location_id, weekday, opens, closes) VALUES ($1, $2, $3, $4)`, [l.code, day.weekday, w.from, w.to]);
        }
      }
      for (const c of l.closures ?? []) {
        await manager.query(`INSERT INTO location_closure (location_id, first_day, last_day, reason) VALUES ($1, $2, $3, $4)`, [l.code, c.from, c.to, c.reason]);
      }
      await this.outbox.enqueue(
        manager,
        LocationOpened,
        { locationId: l.code, name: l.name, timeZone: l.timeZone, jurisdiction: l.jurisdiction, openedAt: now.toISOString() },
        { correlationId: cmd.correlationId },
      );
      await this.audit.record(manager, allowedWrite({ ...cmd, locationId: l.code }, 'location.open', 'location', l.code));
      const stored = await new CalendarReader(manager).location(l.code);
      if (!stored) throw new Error(`location ${l.code} not found right after its insert`);
      return toLocationResponse(stored, []);
    });
  }
}
