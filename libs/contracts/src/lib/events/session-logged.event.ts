import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { TREATMENT_EVENTS_TOPIC } from '../topics';
import { SCORE_0_TO_10 } from '../domain/treatment-codes';
import { APPOINTMENT_BASE_PROPERTIES, APPOINTMENT_BASE_REQUIRED, INSTANT, type AppointmentEventBaseV1 } from './appointment-fields';
import { byClient } from './clearance-fields';
import { SESSION_PAIN_SCHEMA, SESSION_WORK_SCHEMA, TREATMENT_EVENT_LIMITS, UUID, type SessionPainV1, type SessionWorkV1 } from './treatment-fields';

/**
 * A session's note was signed: the appointment, whose, by whom, where; the work done and pain before and after
 * per region; PSFS scores taken for the plan's goals. The note's words are not in it.
 */
export interface SessionLoggedV1 extends AppointmentEventBaseV1 {
  noteId: string;
  /** The plan the session counts towards, when the client has one. */
  planId?: string;
  startsAt: string;
  signedAt: string;
  work: SessionWorkV1[];
  pain: SessionPainV1[];
  /** PSFS item scores taken this session, by goal. */
  functionScores: { goalId: string; score: number }[];
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: [...APPOINTMENT_BASE_REQUIRED, 'noteId', 'startsAt', 'signedAt', 'work', 'pain', 'functionScores'],
  properties: {
    ...APPOINTMENT_BASE_PROPERTIES,
    noteId: UUID,
    planId: UUID,
    startsAt: INSTANT,
    signedAt: INSTANT,
    work: SESSION_WORK_SCHEMA,
    pain: SESSION_PAIN_SCHEMA,
    functionScores: {
      type: 'array',
      maxItems: TREATMENT_EVENT_LIMITS.maxGoals,
      items: { type: 'object', additionalProperties: false, required: ['goalId', 'score'], properties: { goalId: UUID, score: SCORE_0_TO_10 } },
    },
  },
} as unknown as JSONSchemaType<SessionLoggedV1>;

export const SessionLogged: EventDefinition<SessionLoggedV1> = {
  name: 'SessionLogged',
  version: 1,
  type: eventType('treatment', 'SessionLogged', 1),
  producer: 'treatment',
  topic: TREATMENT_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: byClient,
  description:
    "A therapist signed the note of a session: the appointment, client, therapist and location; each line of work (technique × region × pressure × minutes); pain 0–10 per region before and after; PSFS scores by goal. The note's text stays in treatment. Corrections follow as SessionNoteAmended.",
  schema,
};
