import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { TREATMENT_EVENTS_TOPIC } from '../topics';
import { RULE_CODE_PATTERN } from '../domain/screening-codes';
import { INSTANT } from './appointment-fields';
import { byClient } from './clearance-fields';
import { PLAN_BASE_PROPERTIES, PLAN_BASE_REQUIRED, UUID, type TreatmentPlanEventBaseV1 } from './treatment-fields';

/** A new screening restricts part of an active plan: the screening and the rules that now restrict it. */
export interface PlanReviewNeededV1 extends TreatmentPlanEventBaseV1 {
  screeningId: string;
  rules: string[];
  flaggedAt: string;
}

const schema: JSONSchemaType<PlanReviewNeededV1> = {
  type: 'object',
  additionalProperties: false,
  required: [...PLAN_BASE_REQUIRED, 'screeningId', 'rules', 'flaggedAt'],
  properties: {
    ...PLAN_BASE_PROPERTIES,
    screeningId: UUID,
    rules: { type: 'array', minItems: 1, maxItems: 32, items: { type: 'string', pattern: RULE_CODE_PATTERN }, uniqueItems: true },
    flaggedAt: INSTANT,
  },
};

export const PlanReviewNeeded: EventDefinition<PlanReviewNeededV1> = {
  name: 'PlanReviewNeeded',
  version: 1,
  type: eventType('treatment', 'PlanReviewNeeded', 1),
  producer: 'treatment',
  topic: TREATMENT_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: byClient,
  description:
    "A client's new screening restricts part of their active plan (a technique, region or pressure it plans): the plan is flagged for review until it is revised, completed or discontinued.",
  schema,
};
