import type { AppointmentBookedV1 } from '@massage/contracts';
import { randomUUID } from 'node:crypto';

const HOUR = 60 * 60_000;

/** A Swedish hour booked at `bookedAt` for the client at the location: the specs' `AppointmentBooked`, fresh ids each time. */
export function appointmentBooked(input: { clientId: string; locationId: string; startsAt: Date; bookedAt: Date }): AppointmentBookedV1 {
  return {
    appointmentId: randomUUID(),
    locationId: input.locationId,
    clientId: input.clientId,
    therapistId: randomUUID(),
    roomId: randomUUID(),
    serviceId: randomUUID(),
    startsAt: input.startsAt.toISOString(),
    endsAt: new Date(input.startsAt.getTime() + HOUR).toISOString(),
    techniques: ['swedish'],
    focusRegions: [],
    pressure: 'P2',
    bookedAt: input.bookedAt.toISOString(),
  };
}
