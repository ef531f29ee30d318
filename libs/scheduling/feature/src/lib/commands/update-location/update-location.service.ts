import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { LocationUpdated } from '@massage/contracts';
import { OutboxWriter } from '@massage/messaging';
import { CLOCK, type Clock, ValidationProblem } from '@massage/platform';
import type { LocationResponse, UpdateLocationRequest } from '@massage/scheduling-api';
import { isTimeZone } from '@massage/scheduling-domain';
import { DataSource } from 'typeorm';
import { CalendarReader } from '../../calendar/calendar.reader';
import { openingHoursProblems } from '../../calendar/calendar-rules';
import { allowedWrite } from '../../http/audit-entries';
import { notFound, type CommandContext } from '../../http/request-context';
import { toLocationResponse } from '../../http/responses';
import { SchedulingRefusal } from '../../http/scheduling-refusal';

/**
 * `PUT /locations/:locationId` (location:configure): replaces the location's name, zone, jurisdiction, weekly
 * hours and cancellation window, in one transaction with the audit row and, when the published state (name, zone,
 * jurisdiction) changed, LocationUpdated with the whole of it on the compacted locations topic.
 *
 * A new time zone is refused (409 `zone-change-with-bookings`) while appointments (or waitlist holds) are still to
 * come: they are instants, so their local times would silently move. The location row is locked first; an
 * appointment insert (its foreign key takes a key-share lock on that row) waits for the change to commit. Bookings
 * made outside new hours, or with a therapist lacking a new jurisdiction's licence, stay: the front desk moves
 * them, as for a closure or a change of shifts.
 */
@Injectable()
export class UpdateLocationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async update(cmd: CommandContext, l: UpdateLocationRequest): Promise<LocationResponse> {
    const problems = [...(isTimeZone(l.timeZone) ? [] : [{ name: 'timeZone', reason: 'must be an IANA time zone such as America/Toronto' }]), ...openingHoursProblems(l.openingHours)];
    if (problems.length > 0) throw new ValidationProblem(problems);
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const [before] = (await manager.query(`SELECT name, time_zone, jurisdiction, opened_at FROM location WHERE id = $1 FOR UPDATE`, [cmd.locationId])) as {
        name: string;
        time_zone: string;
        jurisdiction: string;
        opened_at: Date;
      }[];
      if (!before) throw notFound('location');
      if (before.time_zone !== l.timeZone) {
        const [ahead] = (await manager.query(`SELECT count(*)::int AS n FROM appointment WHERE location_id = $1 AND status IN ('held', 'booked', 'checked-in') AND ends_at > $2`, [
          cmd.locationId,
          now,
        ])) as { n: number }[];
        if (ahead && ahead.n > 0)
          throw new SchedulingRefusal(409, 'zone-change-with-bookings', `The location has ${ahead.n} appointment(s) to come; move or cancel them before changing its time zone.`);
      }
      await manager.query(`UPDATE location SET name = $2, time_zone = $3, jurisdiction = $4, cancellation_window_minutes = $5 WHERE id = $1`, [
        cmd.locationId,
        l.name,
        l.timeZone,
        l.jurisdiction,
        l.cancellationWindowMinutes,
      ]);
      await manager.query(`DELETE FROM location_opening_window WHERE location_id = $1`, [cmd.locationId]);
      for (const day of l.openingHours) {
        for (const w of day.windows) {
          await manager.query(`INSERT INTO location_opening_window (location_id, weekday, opens, closes) VALUES ($1, $2, $3, $4)`, [cmd.locationId, day.weekday, w.from, w.to]);
        }
      }
      if (before.name !== l.name || before.time_zone !== l.timeZone || before.jurisdiction !== l.jurisdiction) {
        await this.outbox.enqueue(
          manager,
          LocationUpdated,
          { locationId: cmd.locationId, name: l.name, timeZone: l.timeZone, jurisdiction: l.jurisdiction, openedAt: before.opened_at.toISOString(), updatedAt: now.toISOString() },
          { correlationId: cmd.correlationId },
        );
      }
      await this.audit.record(manager, allowedWrite(cmd, 'location.update', 'location', cmd.locationId));
      const reader = new CalendarReader(manager);
      const stored = await reader.location(cmd.locationId);
      if (!stored) throw new Error(`location ${cmd.locationId} vanished inside its transaction`);
      return toLocationResponse(stored, await reader.services(cmd.locationId));
    });
  }
}
