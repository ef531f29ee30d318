/** One broken rule, named by the field's dotted path in the request (`painAreas.1.region`), as the API reports it. */
export interface RuleViolation {
  field: string;
  reason: string;
}
