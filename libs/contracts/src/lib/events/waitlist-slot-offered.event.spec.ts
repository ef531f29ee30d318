import { EVENT_CATALOGUE } from '../catalogue';
import { kafkaAclRules } from '../kafka-access';
import { checkPayload } from '../payload-validator';
import { SCHEDULING_WAITLIST_TOPIC } from '../topics';
import { WaitlistSlotOffered, type WaitlistSlotOfferedV1 } from './waitlist-slot-offered.event';

const offered: WaitlistSlotOfferedV1 = {
  waitlistEntryId: '0b6f3c52-5d0c-4a43-9d59-0d1c1f1f6c01',
  offerId: '1c7f3c52-5d0c-4a43-9d59-0d1c1f1f6c02',
  locationId: 'downtown-toronto',
  clientId: '7d1d2b8e-8a83-4b5e-a7a4-3a0c4c1c9b02',
  serviceId: '8a0c1a52-5d0c-4a43-9d59-0d1c1f1f6c08',
  therapistId: '3f0c1a52-5d0c-4a43-9d59-0d1c1f1f6c01',
  roomId: '9a0c1a52-5d0c-4a43-9d59-0d1c1f1f6c09',
  startsAt: '2026-03-09T14:00:00.000Z',
  endsAt: '2026-03-09T15:00:00.000Z',
  offeredAt: '2026-03-08T10:00:00.000Z',
  expiresAt: '2026-03-08T12:00:00.000Z',
};

describe('WaitlistSlotOffered', () => {
  it('accepts ids and instants, keyed by the waitlist entry on the public waitlist topic', () => {
    expect(checkPayload(WaitlistSlotOffered, offered)).toEqual([]);
    expect(WaitlistSlotOffered.key(offered)).toBe(offered.waitlistEntryId);
    expect(WaitlistSlotOffered.topic).toBe(SCHEDULING_WAITLIST_TOPIC.name);
    expect(SCHEDULING_WAITLIST_TOPIC.visibility).toBe('public');
    expect(EVENT_CATALOGUE).toContain(WaitlistSlotOffered);
  });

  it.each([
    ['a free-text note', { ...offered, note: 'prefers mornings' }, ''],
    ['a client name instead of an id', { ...offered, clientId: 'Jane Doe' }, '/clientId'],
    ['an expiry that is not an instant', { ...offered, expiresAt: 'in two hours' }, '/expiresAt'],
  ])('refuses %s', (_, payload, path) => {
    expect(checkPayload(WaitlistSlotOffered, payload).map((v) => v.path)).toContain(path);
  });

  it('only scheduling writes the waitlist topic; notification (the offers) and analysts read it', () => {
    const onTopic = kafkaAclRules().filter((r) => r.resourceType === 'topic' && r.resourceName === SCHEDULING_WAITLIST_TOPIC.name);
    expect(onTopic.filter((r) => r.operation === 'write').map((r) => r.principal)).toEqual(['scheduling']);
    expect(onTopic.filter((r) => r.operation === 'read').map((r) => r.principal)).toEqual(['notification', 'analyst']);
  });
});
