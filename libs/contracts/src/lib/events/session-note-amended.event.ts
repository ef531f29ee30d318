import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { TREATMENT_EVENTS_TOPIC } from '../topics';
import { NOTE_AMENDMENT_KINDS, NOTE_SECTIONS, type NoteAmendmentKind, type NoteSection } from '../domain/treatment-codes';
import { APPOINTMENT_BASE_PROPERTIES, APPOINTMENT_BASE_REQUIRED, INSTANT, type AppointmentEventBaseV1 } from './appointment-fields';
import { byClient } from './clearance-fields';
import { SESSION_PAIN_SCHEMA, SESSION_WORK_SCHEMA, UUID, type SessionPainV1, type SessionWorkV1 } from './treatment-fields';

/**
 * A signed note was amended (the original is kept): what kind of change, which sections, and, when the work or
 * pain changed, those lines as they now stand, so a reader of SessionLogged can correct its figures.
 */
export interface SessionNoteAmendedV1 extends AppointmentEventBaseV1 {
  noteId: string;
  amendmentId: string;
  kind: NoteAmendmentKind;
  sections: NoteSection[];
  work?: SessionWorkV1[];
  pain?: SessionPainV1[];
  amendedAt: string;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: [...APPOINTMENT_BASE_REQUIRED, 'noteId', 'amendmentId', 'kind', 'sections', 'amendedAt'],
  properties: {
    ...APPOINTMENT_BASE_PROPERTIES,
    noteId: UUID,
    amendmentId: UUID,
    kind: { type: 'string', enum: NOTE_AMENDMENT_KINDS },
    sections: { type: 'array', minItems: 1, items: { type: 'string', enum: NOTE_SECTIONS }, uniqueItems: true },
    work: SESSION_WORK_SCHEMA,
    pain: SESSION_PAIN_SCHEMA,
    amendedAt: INSTANT,
  },
} as unknown as JSONSchemaType<SessionNoteAmendedV1>;

export const SessionNoteAmended: EventDefinition<SessionNoteAmendedV1> = {
  name: 'SessionNoteAmended',
  version: 1,
  type: eventType('treatment', 'SessionNoteAmended', 1),
  producer: 'treatment',
  topic: TREATMENT_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: byClient,
  description:
    'A signed session note was amended (correction, addendum or late entry); the original stays as signed. Carries the sections changed and, when the work or pain changed, those lines in full as they now stand.',
  schema,
};
