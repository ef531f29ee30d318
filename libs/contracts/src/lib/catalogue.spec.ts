import { EVENT_CATALOGUE, findEventDefinition } from './catalogue';
import { TOPICS } from './topics';

describe('event catalogue', () => {
  it('names every event in the past tense with a versioned type', () => {
    for (const def of EVENT_CATALOGUE) {
      // A phrasal verb keeps its particle: ClientCheckedIn. A notice that something is about to happen is the one
      // exception, named as issue 8 names it: LicenceExpiring (the fact is that its notice window began).
      expect(def.name).toMatch(/^[A-Z][A-Za-z]+(ed|Sent|Logged)(In)?$|^LicenceExpiring$/);
      expect(def.type).toBe(`massage.${def.producer}.${def.name}.v${def.version}`);
    }
  });

  it('puts every event on a declared topic', () => {
    const topicNames = TOPICS.map((t) => t.name);
    for (const def of EVENT_CATALOGUE) expect(topicNames).toContain(def.topic);
  });

  it('has one definition per type', () => {
    const types = EVENT_CATALOGUE.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    expect(findEventDefinition('massage.intake.IntakeCompleted.v1')?.name).toBe('IntakeCompleted');
    expect(findEventDefinition('massage.intake.Nope.v1')).toBeUndefined();
  });
});
