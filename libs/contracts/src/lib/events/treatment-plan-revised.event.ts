import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { TREATMENT_EVENTS_TOPIC } from '../topics';
import { INSTANT } from './appointment-fields';
import { byClient } from './clearance-fields';
import { PLAN_BASE_PROPERTIES, PLAN_BASE_REQUIRED, PLAN_TERMS_PROPERTIES, PLAN_TERMS_REQUIRED, type TreatmentPlanEventBaseV1, type TreatmentPlanTermsV1 } from './treatment-fields';

/** An active plan's terms changed; `revision` counts from 1 (the plan as created). */
export interface TreatmentPlanRevisedV1 extends TreatmentPlanEventBaseV1, TreatmentPlanTermsV1 {
  revision: number;
  revisedAt: string;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: [...PLAN_BASE_REQUIRED, ...PLAN_TERMS_REQUIRED, 'revision', 'revisedAt'],
  properties: { ...PLAN_BASE_PROPERTIES, ...PLAN_TERMS_PROPERTIES, revision: { type: 'integer', minimum: 2 }, revisedAt: INSTANT },
} as unknown as JSONSchemaType<TreatmentPlanRevisedV1>;

export const TreatmentPlanRevised: EventDefinition<TreatmentPlanRevisedV1> = {
  name: 'TreatmentPlanRevised',
  version: 1,
  type: eventType('treatment', 'TreatmentPlanRevised', 1),
  producer: 'treatment',
  topic: TREATMENT_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: byClient,
  description:
    "An active plan was revised (after a re-assessment, or a review a new screening asked for): its terms in full as they now stand, checked again against the client's latest screening. Clears the plan's review flag.",
  schema,
};
