import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { CLOCK, type Clock, ValidationProblem } from '@massage/platform';
import { SCHEDULING_API_LIMITS, type AvailabilityQuery, type AvailabilityResponse } from '@massage/scheduling-api';
import { addDays, boundaryInstant, datesBetween, searchAvailability, type TreatmentPlan } from '@massage/scheduling-domain';
import { DataSource } from 'typeorm';
import { CalendarReader } from '../../calendar/calendar.reader';
import { readEligibility } from '../../eligibility/eligibility.reader';
import { notFound, type CommandContext } from '../../http/request-context';

/**
 * Free slots for a service at a location over local dates (the domain's `searchAvailability`: opening hours,
 * shifts, time off, bookings and buffers, rooms and equipment, licences and certifications on each date, and,
 * with a client, their eligibility), from now on. A search for a client reads their screening: it is audited before answering.
 */
@Injectable()
export class SearchAvailabilityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async search(ctx: CommandContext, q: AvailabilityQuery): Promise<AvailabilityResponse> {
    if (q.to < q.from) throw new ValidationProblem([{ name: 'to', reason: 'must not be before from' }]);
    if (datesBetween(q.from, q.to).length > SCHEDULING_API_LIMITS.maxSearchDays) {
      throw new ValidationProblem([{ name: 'to', reason: `at most ${SCHEDULING_API_LIMITS.maxSearchDays} days from from` }]);
    }
    const reader = new CalendarReader(this.dataSource.manager);
    const location = await reader.location(ctx.locationId);
    if (!location) throw notFound('location');
    const [service, therapists] = await Promise.all([reader.service(ctx.locationId, q.serviceId.toLowerCase()), reader.therapists(ctx.locationId, q.therapistId?.toLowerCase())]);
    if (!service) throw new ValidationProblem([{ name: 'serviceId', reason: 'not a service of this location' }]);
    if (q.therapistId !== undefined && therapists.length === 0) throw new ValidationProblem([{ name: 'therapistId', reason: 'not a therapist of this location' }]);

    const clientId = q.clientId?.toLowerCase();
    const eligibility = clientId === undefined ? undefined : await readEligibility(this.dataSource.manager, clientId);
    if (clientId !== undefined && eligibility) {
      const foreign = eligibility.registeredAt !== undefined && eligibility.registeredAt !== ctx.locationId;
      await this.audit.recordNow({
        actor: ctx.actor,
        action: 'read',
        operation: 'availability.read',
        resourceType: 'client',
        resourceId: clientId,
        clientId,
        locationId: ctx.locationId,
        correlationId: ctx.correlationId,
        ...(foreign ? { outcome: 'refused', reason: 'not-found' } : { outcome: 'allowed' }),
      });
      if (foreign) throw notFound('client');
    }
    // A day either side: appointments may cross local midnight, and a zone's day is not 24 h on DST days.
    const from = boundaryInstant(addDays(q.from, -1), '00:00', location.timeZone);
    const to = boundaryInstant(addDays(q.to, 2), '00:00', location.timeZone);
    const bookings = await reader.bookings({ therapistIds: therapists.map((t) => t.id), locationId: ctx.locationId, ...(clientId ? { clientId } : {}) }, from, to);
    const plan: TreatmentPlan | undefined = q.techniques && q.focusRegions && q.pressure ? { techniques: q.techniques, focusRegions: q.focusRegions, pressure: q.pressure } : undefined;
    const slots = searchAvailability(
      {
        from: q.from,
        to: q.to,
        ...(q.therapistId ? { therapistId: q.therapistId.toLowerCase() } : {}),
        ...(plan ? { plan } : {}),
        ...(clientId && eligibility ? { client: { clientId, screening: eligibility.screening, clearances: eligibility.clearances } } : {}),
      },
      { location, service, therapists, bookings },
    );
    // A slot that has begun cannot be booked any more (the booking refuses a start in the past).
    const now = this.clock.now().getTime();
    return {
      locationId: location.id,
      serviceId: service.id,
      timeZone: location.timeZone,
      slots: slots.filter((s) => s.start.getTime() >= now).map((s) => ({ startsAt: s.startIso, endsAt: s.end.toISOString(), localDate: s.localDate, localTime: s.localStart, therapistId: s.therapistId, roomId: s.roomId })),
    };
  }
}
