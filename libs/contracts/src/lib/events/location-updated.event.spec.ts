import { checkPayload } from '../payload-validator';
import { SCHEDULING_LOCATIONS_TOPIC } from '../topics';
import { LocationOpened, type LocationOpenedV1 } from './location-opened.event';
import { LocationUpdated } from './location-updated.event';

const opened: LocationOpenedV1 = { locationId: 'downtown-toronto', name: 'Downtown', timeZone: 'America/Toronto', jurisdiction: 'CA-ON', openedAt: '2026-03-01T10:00:00.000Z' };

describe('LocationUpdated', () => {
  it("carries LocationOpened's whole state, keyed like it on the compacted locations topic", () => {
    const updated = { ...opened, name: 'Downtown Toronto', updatedAt: '2026-04-01T10:00:00.000Z' };
    expect(checkPayload(LocationUpdated, updated)).toEqual([]);
    expect(LocationUpdated.topic).toBe(SCHEDULING_LOCATIONS_TOPIC.name);
    expect(SCHEDULING_LOCATIONS_TOPIC.cleanupPolicy).toBe('compact');
    expect(LocationUpdated.key(updated)).toBe(LocationOpened.key(opened));
    expect(LocationUpdated.schema.required).toEqual(expect.arrayContaining(LocationOpened.schema.required));
  });

  it.each([
    ['a change without the rest of the state', { locationId: opened.locationId, name: 'Downtown Toronto', updatedAt: opened.openedAt }, ''],
    ['no updatedAt', { ...opened }, ''],
    ['a zone that is not one', { ...opened, timeZone: 'Toronto time', updatedAt: opened.openedAt }, '/timeZone'],
  ])('refuses %s', (_, payload, path) => {
    expect(checkPayload(LocationUpdated, payload as never).map((v) => v.path)).toContain(path);
  });
});
