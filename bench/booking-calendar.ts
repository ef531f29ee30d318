/**
 * The booking bench's location and the order it books it in. One location (America/Toronto, open 08:00–20:00
 * every day) with `THERAPISTS` therapists, each licensed, certified and on shift the whole opening time, each
 * with their own room, one 45-minute service with a 15-minute buffer (a 60-minute blocked span: 12 slots a day),
 * and `CLIENTS` clients made eligible in scheduling's projection directly (a registration and a `cleared`
 * screening row, as intake's ClientRegistered and ScreeningCompleted would leave them; intake is not started).
 *
 * Slot n never conflicts with another slot: within one local hour the therapists, rooms and clients all differ,
 * and an hour's blocked span ends where the next one begins. The first month (days 1–30 from tomorrow) is
 * booked first, but only about `MONTH_OCCUPANCY` of it (a fixed pattern leaves the rest free, as a real month
 * would), then every slot of the following days. The availability search then runs on that month.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '@massage/security';
import { addDays, SLOT_START_POLICY, toInstant, toLocal } from '@massage/scheduling-domain';
import type { BookAppointmentRequest, RoomResponse, ServiceResponse, TherapistResponse } from '@massage/scheduling-api';
import { Client } from 'pg';
import { pg } from './bench-support';
import type { HttpCaller } from './booking-stack';

export const THERAPISTS = 20;
export const HOURS_PER_DAY = 12; // 08:00 … 19:00 starts
const FIRST_HOUR = 8;
export const MONTH_DAYS = 30;
/** The bench service: 45 minutes and a 15-minute buffer, one slot an hour. */
export const SERVICE_MINUTES = 45;
export const BUFFER_MINUTES = 15;
/** Clients per therapist: at one hour the clients differ, from one hour to the next they rotate. */
const CLIENT_ROTATION = 25;
export const CLIENTS = THERAPISTS * CLIENT_ROTATION;
/** About this share of the first month's slots is booked (the rest stays free for the search to find). */
export const MONTH_OCCUPANCY = 0.7;
const TIME_ZONE = 'America/Toronto';
const EVERY_DAY = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

export interface BenchCalendar {
  locationId: string;
  timeZone: string;
  serviceId: string;
  therapists: string[];
  rooms: string[];
  clients: string[];
  /** The first local day booked (tomorrow at the location when the bench started). */
  firstDay: string;
}

export interface Slot {
  therapist: number;
  room: number;
  client: number;
  /** Local date and hour at the location. */
  day: string;
  hour: number;
  startsAt: Date;
}

/** Whether the first month's slot (day, hour, therapist) is booked: a fixed pattern keeping ~MONTH_OCCUPANCY. */
function bookedInMonth(day: number, hour: number, therapist: number): boolean {
  return (day * 7 + hour * 3 + therapist) % 10 < MONTH_OCCUPANCY * 10;
}

/**
 * Slot n of the bench's booking order (therapist fastest, so consecutive bookings, those in flight together,
 * hold different therapists, rooms and clients).
 */
export class SlotPlan {
  private readonly month: { day: number; hour: number; therapist: number }[] = [];

  constructor(readonly calendar: BenchCalendar) {
    for (let day = 0; day < MONTH_DAYS; day++)
      for (let hour = 0; hour < HOURS_PER_DAY; hour++)
        for (let therapist = 0; therapist < THERAPISTS; therapist++)
          if (bookedInMonth(day, hour, therapist)) this.month.push({ day, hour, therapist });
  }

  /** How many slots of the first month the plan books. */
  get monthSlots(): number {
    return this.month.length;
  }

  slot(n: number): Slot {
    let at = this.month[n];
    if (!at) {
      const m = n - this.month.length;
      at = {
        day: MONTH_DAYS + Math.floor(m / (THERAPISTS * HOURS_PER_DAY)),
        hour: Math.floor(m / THERAPISTS) % HOURS_PER_DAY,
        therapist: m % THERAPISTS,
      };
    }
    const day = addDays(this.calendar.firstDay, at.day);
    const time = `${String(FIRST_HOUR + at.hour).padStart(2, '0')}:00`;
    const startsAt = toInstant(day, time, this.calendar.timeZone, SLOT_START_POLICY);
    if (!startsAt) throw new Error(`no ${time} on ${day} in ${this.calendar.timeZone}`);
    const hourIndex = at.day * HOURS_PER_DAY + at.hour;
    return {
      therapist: at.therapist,
      room: at.therapist,
      client: at.therapist + THERAPISTS * (hourIndex % CLIENT_ROTATION),
      day,
      hour: at.hour,
      startsAt,
    };
  }

  booking(n: number): BookAppointmentRequest {
    const s = this.slot(n);
    const c = this.calendar;
    return {
      clientId: c.clients[s.client] as string,
      therapistId: c.therapists[s.therapist] as string,
      serviceId: c.serviceId,
      roomId: c.rooms[s.room] as string,
      startsAt: s.startsAt.toISOString(),
      techniques: ['swedish'],
      focusRegions: ['upper-back', 'neck'],
      pressure: 'P3',
    };
  }
}

/** A location code of this run (lowercase slug, as scheduling requires). */
export function benchLocationCode(runId: string): string {
  return `bench-${runId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;
}

/**
 * Opens the bench location through scheduling's own routes (hq-admin and the location's manager, signed like the
 * gateway signs), and makes its clients eligible in the projection tables of `database`.
 */
export async function openBenchLocation(
  direct: (actor: Actor) => HttpCaller,
  database: string,
  locationId: string,
): Promise<BenchCalendar> {
  const hq = direct({ subject: 'bench-hq', role: 'hq-admin', locationId: '*' });
  const manager = direct({ subject: `bench-manager@${locationId}`, role: 'location-manager', locationId });
  const at = (path: string) => `/locations/${locationId}${path}`;
  await hq.expect(
    201,
    'POST',
    '/locations',
    {
      code: locationId,
      name: 'Bench location',
      timeZone: TIME_ZONE,
      jurisdiction: 'CA-ON',
      openingHours: EVERY_DAY.map((weekday) => ({ weekday, windows: [{ from: '08:00', to: '20:00' }] })),
    },
    randomUUID(),
  );
  const service = await manager.expect<ServiceResponse>(
    201,
    'POST',
    at('/services'),
    {
      code: 'swedish-45',
      name: `Swedish, ${SERVICE_MINUTES} minutes`,
      durationMinutes: SERVICE_MINUTES,
      bufferMinutes: BUFFER_MINUTES,
      techniques: ['swedish', 'deep-tissue'],
      requiredEquipment: [],
    },
    randomUUID(),
  );
  const rooms: string[] = [];
  const therapists: string[] = [];
  for (let i = 0; i < THERAPISTS; i++) {
    rooms.push(
      (
        await manager.expect<RoomResponse>(
          201,
          'POST',
          at('/rooms'),
          { code: `room-${i + 1}`, name: `Room ${i + 1}`, equipment: [] },
          randomUUID(),
        )
      ).id,
    );
    const therapist = await manager.expect<TherapistResponse>(
      201,
      'POST',
      at('/therapists'),
      {
        subject: `bench-therapist-${i + 1}`,
        displayName: `Therapist ${i + 1}`,
        licence: { number: `RMT-B${i + 1}`, jurisdiction: 'CA-ON', expiresOn: '2099-12-31' },
      },
      randomUUID(),
    );
    await manager.expect(200, 'PUT', at(`/therapists/${therapist.id}/certifications/swedish`), {});
    await manager.expect(200, 'PUT', at(`/therapists/${therapist.id}/shifts`), {
      shifts: EVERY_DAY.map((weekday) => ({ weekday, from: '08:00', to: '20:00' })),
    });
    therapists.push(therapist.id);
  }
  const clients = Array.from({ length: CLIENTS }, () => randomUUID());
  await seedEligibleClients(database, locationId, clients);
  return {
    locationId,
    timeZone: TIME_ZONE,
    serviceId: service.id,
    therapists,
    rooms,
    clients,
    firstDay: addDays(toLocal(new Date(), TIME_ZONE).date, 1),
  };
}

/** Registration and a `cleared` screening in the projection for each client, as intake's events would leave them. */
async function seedEligibleClients(database: string, locationId: string, clients: string[]): Promise<void> {
  const c = new Client({ ...pg, database });
  await c.connect();
  try {
    await c.query(
      `INSERT INTO client_registration (client_id, location_id, registered_at) SELECT id, $2, now() FROM unnest($1::uuid[]) AS id`,
      [clients, locationId],
    );
    await c.query(
      `INSERT INTO client_screening (client_id, screening_id, location_id, outcome, restrictions, table_version, as_of, received_at)
       SELECT id, gen_random_uuid(), $2, 'cleared', '[]'::jsonb, '2026.1', now(), now() FROM unnest($1::uuid[]) AS id`,
      [clients, locationId],
    );
  } finally {
    await c.end();
  }
}
