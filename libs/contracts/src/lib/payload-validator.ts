import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { EventDefinition } from './event-definition';

export interface PayloadViolation {
  /** JSON Pointer to the offending field ('' for the payload itself). */
  path: string;
  message: string;
}

export class InvalidEventPayloadError extends Error {
  constructor(
    readonly eventType: string,
    readonly violations: PayloadViolation[],
  ) {
    super(`${eventType} payload is invalid: ${violations.map((v) => `${v.path || '/'} ${v.message}`).join('; ')}`);
    this.name = 'InvalidEventPayloadError';
  }
}

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

function validatorFor(def: EventDefinition<unknown>): ValidateFunction {
  let validate = compiled.get(def.type);
  if (!validate) {
    validate = ajv.compile(def.schema);
    compiled.set(def.type, validate);
  }
  return validate;
}

function toViolation(e: ErrorObject): PayloadViolation {
  const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params['additionalProperty'])})` : '';
  return { path: e.instancePath, message: `${e.message ?? e.keyword}${extra}` };
}

/** Lists what is wrong with a payload; empty when it matches the event's schema. */
export function checkPayload<P>(def: EventDefinition<P>, payload: unknown): PayloadViolation[] {
  const validate = validatorFor(def as EventDefinition<unknown>);
  return validate(payload) ? [] : (validate.errors ?? []).map(toViolation);
}

/** Narrows an unknown payload to the event's type, or throws InvalidEventPayloadError. */
export function assertPayload<P>(def: EventDefinition<P>, payload: unknown): asserts payload is P {
  const violations = checkPayload(def, payload);
  if (violations.length > 0) throw new InvalidEventPayloadError(def.type, violations);
}
