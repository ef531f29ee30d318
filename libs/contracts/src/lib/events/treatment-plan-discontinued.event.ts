import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { TREATMENT_EVENTS_TOPIC } from '../topics';
import { PLAN_DISCONTINUATION_REASONS, type PlanDiscontinuationReason } from '../domain/treatment-codes';
import { INSTANT } from './appointment-fields';
import { byClient } from './clearance-fields';
import { PLAN_BASE_PROPERTIES, PLAN_BASE_REQUIRED, type TreatmentPlanEventBaseV1 } from './treatment-fields';

export interface TreatmentPlanDiscontinuedV1 extends TreatmentPlanEventBaseV1 {
  reason: PlanDiscontinuationReason;
  sessionsLogged: number;
  discontinuedAt: string;
}

const schema: JSONSchemaType<TreatmentPlanDiscontinuedV1> = {
  type: 'object',
  additionalProperties: false,
  required: [...PLAN_BASE_REQUIRED, 'reason', 'sessionsLogged', 'discontinuedAt'],
  properties: {
    ...PLAN_BASE_PROPERTIES,
    reason: { type: 'string', enum: PLAN_DISCONTINUATION_REASONS },
    sessionsLogged: { type: 'integer', minimum: 0 },
    discontinuedAt: INSTANT,
  },
};

export const TreatmentPlanDiscontinued: EventDefinition<TreatmentPlanDiscontinuedV1> = {
  name: 'TreatmentPlanDiscontinued',
  version: 1,
  type: eventType('treatment', 'TreatmentPlanDiscontinued', 1),
  producer: 'treatment',
  topic: TREATMENT_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: byClient,
  description: 'A plan was stopped before it was done, with the reason as a code and the signed sessions logged against it.',
  schema,
};
