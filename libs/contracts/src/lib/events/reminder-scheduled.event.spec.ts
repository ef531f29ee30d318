import { checkPayload } from '../payload-validator';
import { NOTIFICATION_EVENTS_TOPIC } from '../topics';
import { NotificationFailed, type NotificationFailedV1 } from './notification-failed.event';
import { NotificationSent, type NotificationSentV1 } from './notification-sent.event';
import { ReminderCancelled, type ReminderCancelledV1 } from './reminder-cancelled.event';
import { ReminderScheduled, type ReminderScheduledV1 } from './reminder-scheduled.event';

const ids = {
  reminderId: '3f0c1a52-5d0c-4a43-9d59-0d1c1f1f6c01',
  appointmentId: '0b6f7c1e-7d2a-4a8e-9a55-3f1d2c4b5a69',
  clientId: '5c1d0e9a-1b2c-4d3e-8f70-6a5b4c3d2e1f',
  locationId: 'downtown-toronto',
};
const scheduled: ReminderScheduledV1 = {
  ...ids,
  kind: 'reminder-24h',
  channel: 'email',
  dueAt: '2026-03-07T14:00:00.000Z',
  startsAt: '2026-03-08T13:00:00.000Z',
  scheduledAt: '2026-03-01T10:00:00.000Z',
};
const cancelled: ReminderCancelledV1 = { ...ids, kind: 'pre-visit-check', channel: 'email', reason: 'appointment-cancelled', cancelledAt: '2026-03-02T10:00:00.000Z' };
const about = { notificationId: ids.reminderId, clientId: ids.clientId, locationId: ids.locationId, channel: 'email' as const, triggeredBy: ids.appointmentId };
const sent: NotificationSentV1 = { ...about, kind: 'reminder', appointmentId: ids.appointmentId, sentAt: '2026-03-07T14:00:01.000Z' };
const failed: NotificationFailedV1 = { ...about, kind: 'booking-confirmed', appointmentId: ids.appointmentId, reason: 'recipient-rejected', smtpCode: 550, attempts: 1, failedAt: '2026-03-01T10:00:01.000Z' };

describe("notification's appointment events", () => {
  it('accepts each, keyed by client on notification.events.v1; the welcome still validates without an appointment', () => {
    expect(checkPayload(ReminderScheduled, scheduled)).toEqual([]);
    expect(checkPayload(ReminderCancelled, cancelled)).toEqual([]);
    expect(checkPayload(NotificationSent, sent)).toEqual([]);
    expect(checkPayload(NotificationSent, { ...about, kind: 'welcome', sentAt: sent.sentAt })).toEqual([]);
    expect(checkPayload(NotificationFailed, failed)).toEqual([]);
    for (const def of [ReminderScheduled, ReminderCancelled, NotificationSent, NotificationFailed]) expect(def.topic).toBe(NOTIFICATION_EVENTS_TOPIC.name);
    expect(ReminderScheduled.key(scheduled)).toBe(ids.clientId);
  });

  it.each([
    ['a free-text kind', ReminderScheduled, { ...scheduled, kind: 'remind them tomorrow' }, '/kind'],
    ['a message body', ReminderScheduled, { ...scheduled, text: 'See you at 9' }, ''],
    ['an unknown cancellation reason', ReminderCancelled, { ...cancelled, reason: 'client changed their mind' }, '/reason'],
    ["the server's reply", NotificationFailed, { ...failed, response: '550 <ada@example.test> unknown' }, ''],
    ['a reply code that is not SMTP', NotificationFailed, { ...failed, smtpCode: 250 }, '/smtpCode'],
  ])('refuses %s', (_, def, payload, path) => {
    expect(checkPayload(def as typeof ReminderScheduled, payload as ReminderScheduledV1).map((v) => v.path)).toContain(path);
  });
});
