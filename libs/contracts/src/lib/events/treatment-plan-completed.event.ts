import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { TREATMENT_EVENTS_TOPIC } from '../topics';
import { INSTANT } from './appointment-fields';
import { byClient } from './clearance-fields';
import { PLAN_BASE_PROPERTIES, PLAN_BASE_REQUIRED, type TreatmentPlanEventBaseV1 } from './treatment-fields';

export interface TreatmentPlanCompletedV1 extends TreatmentPlanEventBaseV1 {
  /** Signed sessions logged against the plan. */
  sessionsLogged: number;
  completedAt: string;
}

const schema: JSONSchemaType<TreatmentPlanCompletedV1> = {
  type: 'object',
  additionalProperties: false,
  required: [...PLAN_BASE_REQUIRED, 'sessionsLogged', 'completedAt'],
  properties: { ...PLAN_BASE_PROPERTIES, sessionsLogged: { type: 'integer', minimum: 0 }, completedAt: INSTANT },
};

export const TreatmentPlanCompleted: EventDefinition<TreatmentPlanCompletedV1> = {
  name: 'TreatmentPlanCompleted',
  version: 1,
  type: eventType('treatment', 'TreatmentPlanCompleted', 1),
  producer: 'treatment',
  topic: TREATMENT_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: byClient,
  description: 'A plan was completed (discharged): how many signed sessions were logged against it.',
  schema,
};
