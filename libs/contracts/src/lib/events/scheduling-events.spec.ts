import { EVENT_CATALOGUE } from '../catalogue';
import { SCHEDULING_CONSUMER_GROUP } from '../consumer-groups';
import { kafkaAclRules } from '../kafka-access';
import { checkPayload } from '../payload-validator';
import { SCHEDULING_APPOINTMENTS_TOPIC, SCHEDULING_LOCATIONS_TOPIC } from '../topics';
import { AppointmentBooked, type AppointmentBookedV1 } from './appointment-booked.event';
import { AppointmentCancelled } from './appointment-cancelled.event';
import { AppointmentCompleted } from './appointment-completed.event';
import { AppointmentRescheduled } from './appointment-rescheduled.event';
import { ClientCheckedIn } from './client-checked-in.event';
import { LicenceRecorded } from './licence-recorded.event';
import { LocationOpened } from './location-opened.event';
import { NoShowRecorded } from './no-show-recorded.event';

const base = {
  appointmentId: '0b6f3c52-5d0c-4a43-9d59-0d1c1f1f6c01',
  locationId: 'downtown-toronto',
  clientId: '7d1d2b8e-8a83-4b5e-a7a4-3a0c4c1c9b02',
  therapistId: '3f0c1a52-5d0c-4a43-9d59-0d1c1f1f6c01',
};
const booked: AppointmentBookedV1 = {
  ...base,
  roomId: '9a0c1a52-5d0c-4a43-9d59-0d1c1f1f6c09',
  serviceId: '8a0c1a52-5d0c-4a43-9d59-0d1c1f1f6c08',
  startsAt: '2026-03-09T14:00:00.000Z',
  endsAt: '2026-03-09T15:00:00.000Z',
  techniques: ['swedish'],
  focusRegions: ['neck'],
  pressure: 'P2',
  bookedAt: '2026-03-01T10:00:00.000Z',
};

describe('scheduling events', () => {
  it('accept well-formed payloads of every appointment event', () => {
    expect(checkPayload(AppointmentBooked, booked)).toEqual([]);
    const { bookedAt, ...plan } = booked;
    expect(checkPayload(AppointmentRescheduled, { ...plan, previousStartsAt: booked.startsAt, previousTherapistId: base.therapistId, rescheduledAt: bookedAt })).toEqual([]);
    expect(checkPayload(AppointmentCancelled, { ...base, startsAt: booked.startsAt, cancelledAt: booked.bookedAt, lateCancellation: true, reason: 'client-request' })).toEqual([]);
    expect(checkPayload(ClientCheckedIn, { ...base, startsAt: booked.startsAt, checkedInAt: booked.startsAt })).toEqual([]);
    expect(checkPayload(AppointmentCompleted, { ...base, startsAt: booked.startsAt, completedAt: booked.endsAt })).toEqual([]);
    expect(checkPayload(NoShowRecorded, { ...base, startsAt: booked.startsAt, recordedAt: booked.endsAt })).toEqual([]);
  });

  it.each([
    ['a free-text note', AppointmentBooked, { ...booked, note: 'bad knee' }, ''],
    ['an unknown technique', AppointmentBooked, { ...booked, techniques: ['reiki'] }, '/techniques/0'],
    ['a pressure outside P1–P5', AppointmentBooked, { ...booked, pressure: 'deep' }, '/pressure'],
    ['a cancellation without its late flag', AppointmentCancelled, { ...base, startsAt: booked.startsAt, cancelledAt: booked.bookedAt, reason: 'client-request' }, ''],
    ['a check-in with the other moment', ClientCheckedIn, { ...base, startsAt: booked.startsAt, completedAt: booked.endsAt }, ''],
    ['a licence with its number', LicenceRecorded, { therapistId: base.therapistId, jurisdiction: 'CA-ON', expiresOn: '2027-01-31', recordedAt: booked.bookedAt, number: 'RMT-1' }, ''],
    ['a licence expiring on a non-date', LicenceRecorded, { therapistId: base.therapistId, jurisdiction: 'CA-ON', expiresOn: 'next year', recordedAt: booked.bookedAt }, '/expiresOn'],
  ])('refuse %s', (_, def, payload, path) => {
    expect(checkPayload(def as typeof AppointmentBooked, payload).map((v) => v.path)).toContain(path);
  });

  it("key one appointment's events by the appointment, on the appointments topic", () => {
    const appointmentEvents = EVENT_CATALOGUE.filter((d) => d.topic === SCHEDULING_APPOINTMENTS_TOPIC.name);
    expect(appointmentEvents.map((d) => d.name).sort()).toEqual(
      ['AppointmentBooked', 'AppointmentCancelled', 'AppointmentCompleted', 'AppointmentRescheduled', 'ClientCheckedIn', 'NoShowRecorded'].sort(),
    );
    for (const def of appointmentEvents) expect(def.key({ ...booked } as never)).toBe(base.appointmentId);
  });

  it('put LocationOpened on a compacted topic keyed by the location code', () => {
    expect(LocationOpened.topic).toBe(SCHEDULING_LOCATIONS_TOPIC.name);
    expect(SCHEDULING_LOCATIONS_TOPIC.cleanupPolicy).toBe('compact');
    expect(LocationOpened.key({ locationId: 'downtown-toronto', name: 'Downtown', timeZone: 'America/Toronto', jurisdiction: 'CA-ON', openedAt: booked.bookedAt })).toBe('downtown-toronto');
  });

  it('let scheduling write its topics and read intake events in its own group', () => {
    const rules = kafkaAclRules();
    const ops = (topic: string) => rules.filter((r) => r.principal === 'scheduling' && r.resourceName === topic).map((r) => r.operation);
    expect(ops(SCHEDULING_APPOINTMENTS_TOPIC.name)).toEqual(['write']);
    expect(ops('intake.events.v1')).toEqual(['read']);
    expect(ops(SCHEDULING_CONSUMER_GROUP.deadLetterTopic.name)).toEqual(['write']);
    expect(ops('audit.v1')).toEqual(['write']);
  });
});
