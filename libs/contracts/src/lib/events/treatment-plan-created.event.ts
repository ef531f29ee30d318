import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { TREATMENT_EVENTS_TOPIC } from '../topics';
import { INSTANT } from './appointment-fields';
import { byClient } from './clearance-fields';
import { PLAN_BASE_PROPERTIES, PLAN_BASE_REQUIRED, PLAN_TERMS_PROPERTIES, PLAN_TERMS_REQUIRED, type TreatmentPlanEventBaseV1, type TreatmentPlanTermsV1 } from './treatment-fields';

/** A plan was built for a client from their intake and checked against their latest screening. */
export interface TreatmentPlanCreatedV1 extends TreatmentPlanEventBaseV1, TreatmentPlanTermsV1 {
  createdAt: string;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: [...PLAN_BASE_REQUIRED, ...PLAN_TERMS_REQUIRED, 'createdAt'],
  properties: { ...PLAN_BASE_PROPERTIES, ...PLAN_TERMS_PROPERTIES, createdAt: INSTANT },
} as unknown as JSONSchemaType<TreatmentPlanCreatedV1>;

export const TreatmentPlanCreated: EventDefinition<TreatmentPlanCreatedV1> = {
  name: 'TreatmentPlanCreated',
  version: 1,
  type: eventType('treatment', 'TreatmentPlanCreated', 1),
  producer: 'treatment',
  topic: TREATMENT_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: byClient,
  description:
    "A treatment plan was created for a client: focus regions, techniques, deepest pressure, frequency, number of sessions, re-assessment date, PSFS goals (ids, scores, dates) and the referral (source and diagnosis code), none of it restricted by the client's screening (`screeningId`).",
  schema,
};
