import { LOCATION_CODE_PATTERN, UUID_PATTERN } from '../domain/ids';
import { RULE_CODE_PATTERN } from '../domain/screening-codes';

/**
 * What every clearance event carries: which clearance, whose, where, and the rule codes it answers. Codes and
 * ids only: the provider's name and contact and the letter itself stay in the intake database.
 */
export interface ClearanceEventBaseV1 {
  clearanceId: string;
  clientId: string;
  locationId: string;
  /** Rule codes of the rule table (each a rule with a CLEARANCE effect). */
  rules: string[];
}

export const CLEARANCE_BASE_REQUIRED = ['clearanceId', 'clientId', 'locationId', 'rules'] as const;

export const CLEARANCE_BASE_PROPERTIES = {
  clearanceId: { type: 'string', pattern: UUID_PATTERN },
  clientId: { type: 'string', pattern: UUID_PATTERN },
  locationId: { type: 'string', pattern: LOCATION_CODE_PATTERN, maxLength: 64 },
  rules: { type: 'array', minItems: 1, maxItems: 32, items: { type: 'string', pattern: RULE_CODE_PATTERN }, uniqueItems: true },
} as const;

/** `'all'` or a list of distinct codes (ajv's JSONSchemaType cannot express the union, hence plain objects). */
export const allOrListOf = (items: readonly string[]) =>
  ({
    anyOf: [
      { type: 'string', const: 'all' },
      { type: 'array', minItems: 1, items: { type: 'string', enum: items }, uniqueItems: true },
    ],
  }) as const;

/** Clearance events go to the intake topic keyed by client, in order with the client's ScreeningCompleted. */
export const byClient = (p: { clientId: string }): string => p.clientId;
