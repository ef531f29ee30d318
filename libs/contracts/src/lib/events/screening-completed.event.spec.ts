import { checkPayload } from '../payload-validator';
import { ScreeningCompleted, type ScreeningCompletedV1 } from './screening-completed.event';

const good: ScreeningCompletedV1 = {
  screeningId: '3f0c1a52-5d0c-4a43-9d59-0d1c1f1f6c01',
  clientId: '7d1d2b8e-8a83-4b5e-a7a4-3a0c4c1c9b02',
  locationId: 'downtown-toronto',
  intakeId: '0b6f3c52-5d0c-4a43-9d59-0d1c1f1f6c01',
  tableVersion: '2026.1',
  asOf: '2026-11-27T10:00:00.000Z',
  trigger: 'intake',
  outcome: 'modified',
  restrictions: [
    { rule: 'ANTICOAG', kind: 'MODIFY', techniques: ['deep-tissue', 'trigger-point'], regions: 'all', maxPressure: 'P2', positioning: [] },
    { rule: 'ONC_PORT', kind: 'LOCAL', techniques: 'all', regions: ['chest'], maxPressure: 'none', positioning: [], reScreenBy: '2026-12-27T10:00:00.000Z' },
    { rule: 'ONC_TX', kind: 'CLEARANCE', techniques: 'all', regions: 'all', positioning: [], satisfiedBy: '9a0c1a52-5d0c-4a43-9d59-0d1c1f1f6c09' },
  ],
  reAskEveryVisit: ['ANTICOAG'],
};

describe('ScreeningCompleted v1 schema', () => {
  it('accepts restrictions naming all or listed techniques and regions', () => {
    expect(checkPayload(ScreeningCompleted, good)).toEqual([]);
  });

  it.each([
    ['free text in place of a technique list', { restrictions: [{ ...good.restrictions[0], techniques: 'no deep work please' }] }, '/restrictions/0/techniques'],
    ['a summary or triggering answer (not part of the event)', { restrictions: [{ ...good.restrictions[0], summary: 'on warfarin' }] }, '/restrictions/0'],
    ['an unknown region', { restrictions: [{ ...good.restrictions[0], regions: ['tail'] }] }, '/restrictions/0/regions'],
    ['a pressure outside P1–P5', { restrictions: [{ ...good.restrictions[0], maxPressure: 'P6' }] }, '/restrictions/0/maxPressure'],
    ['a rule code that is not a code', { reAskEveryVisit: ['dvt history'] }, '/reAskEveryVisit/0'],
    ['an unknown trigger', { trigger: 'walk-in' }, '/trigger'],
    ['an unknown outcome', { outcome: 'maybe' }, '/outcome'],
  ])('refuses %s', (_, change, path) => {
    const violations = checkPayload(ScreeningCompleted, { ...good, ...change });
    expect(violations.map((v) => v.path)).toContain(path);
  });

  it('is keyed by client, like the intake events it follows', () => {
    expect(ScreeningCompleted.key(good)).toBe(good.clientId);
  });
});
