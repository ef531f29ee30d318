import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { IdempotencyStore, requestFingerprint } from '@massage/idempotency';
import { CLOCK, type Clock, ValidationProblem } from '@massage/platform';
import type { BookAppointmentRequest, BookSeriesRequest, SeriesBookedSession, SeriesBookingResponse, SeriesRefusedSession } from '@massage/scheduling-api';
import { seriesOccurrences } from '@massage/scheduling-domain';
import { DataSource, type EntityManager } from 'typeorm';
import { toBookingRequest } from '../../appointments/booking-context';
import { slotTakenFrom, withDeadlockRetry } from '../../appointments/slot-conflict';
import { CalendarReader } from '../../calendar/calendar.reader';
import { notFound, type CommandContext } from '../../http/request-context';
import { SchedulingRefusal } from '../../http/scheduling-refusal';
import { BookAppointmentService } from '../book-appointment/book-appointment.service';

export interface BookSeriesCommand extends CommandContext {
  idempotencyKey: string;
  series: BookSeriesRequest;
}

/**
 * Books a series (with `Idempotency-Key`): `count` sessions every `everyWeeks` weeks with one therapist, each at
 * the same local time (`seriesOccurrences`: DST-correct, a time the clocks skip that day is reported, not moved).
 * Best-effort (ADR 0015): each session is booked exactly as a single booking would be (`bookIn`: every check,
 * the exclusion constraints, its own AppointmentBooked and audit row) inside a savepoint, so a refused session is
 * rolled back alone and reported with its rule, and the others stay booked. The whole request is one transaction
 * with its Idempotency-Key: the same key again answers the same report; a failure (not a refusal) books nothing.
 */
@Injectable()
export class BookSeriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly booking: BookAppointmentService,
    private readonly audit: AuditTrail,
    private readonly idempotency: IdempotencyStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  book(cmd: BookSeriesCommand): Promise<SeriesBookingResponse> {
    const key = { scope: `${cmd.locationId}/${cmd.actor.subject}`, key: cmd.idempotencyKey, fingerprint: requestFingerprint('POST', '/series', cmd.series) };
    return withDeadlockRetry(() => this.idempotency.once(this.dataSource, key, 201, (manager) => this.bookIn(manager, cmd)));
  }

  private async bookIn(manager: EntityManager, cmd: BookSeriesCommand): Promise<SeriesBookingResponse> {
    const s = cmd.series;
    const location = await new CalendarReader(manager).location(cmd.locationId);
    if (!location) throw notFound('location');
    const occurrences = seriesOccurrences({ date: s.firstDate, time: s.localTime }, s.count, s.everyWeeks, location.timeZone);
    const first = occurrences.find((o) => 'start' in o);
    if (first && 'start' in first && first.start.getTime() < this.clock.now().getTime()) throw new ValidationProblem([{ name: 'firstDate', reason: 'the first session must not be in the past' }]);

    const booked: SeriesBookedSession[] = [];
    const refused: SeriesRefusedSession[] = [];
    for (const o of occurrences) {
      const at = { index: o.index, localDate: o.localDate, localTime: o.localTime };
      if (!('start' in o)) {
        refused.push({ ...at, startsAt: null, rule: o.problem, refusals: [] });
        continue;
      }
      const booking: BookAppointmentRequest = { ...this.plan(s), startsAt: o.start.toISOString() };
      await manager.query('SAVEPOINT series_session');
      try {
        const appointment = await this.booking.bookIn(manager, { ...cmd, booking }, toBookingRequest(booking, booking.startsAt));
        await manager.query('RELEASE SAVEPOINT series_session');
        booked.push({ ...at, appointment });
      } catch (error: unknown) {
        await manager.query('ROLLBACK TO SAVEPOINT series_session');
        const refusal = error instanceof SchedulingRefusal ? error : slotTakenFrom(error);
        if (!refusal) throw error;
        refused.push({ ...at, startsAt: booking.startsAt, rule: refusal.rule, refusals: [...refusal.refusals] });
        await this.audit.record(manager, {
          actor: cmd.actor,
          action: 'write',
          operation: 'appointment.book',
          resourceType: 'appointment',
          clientId: booking.clientId.toLowerCase(),
          locationId: cmd.locationId,
          outcome: 'refused',
          reason: refusal.rule,
          correlationId: cmd.correlationId,
        });
      }
    }
    return {
      locationId: cmd.locationId,
      clientId: s.clientId.toLowerCase(),
      therapistId: s.therapistId.toLowerCase(),
      serviceId: s.serviceId.toLowerCase(),
      timeZone: location.timeZone,
      count: s.count,
      everyWeeks: s.everyWeeks,
      booked,
      refused,
    };
  }

  /** What every session books: the series' client, therapist, service, room and plan. */
  private plan(s: BookSeriesRequest): Omit<BookAppointmentRequest, 'startsAt'> {
    return {
      clientId: s.clientId,
      therapistId: s.therapistId,
      serviceId: s.serviceId,
      ...(s.roomId !== undefined ? { roomId: s.roomId } : {}),
      techniques: s.techniques,
      focusRegions: s.focusRegions,
      pressure: s.pressure,
    };
  }
}
