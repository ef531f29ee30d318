import { validateRuleTable } from '@massage/intake-screening';

/**
 * Body of `POST /rule-tables`: a rule-table document, checked by the rule table's own JSON Schema and rules
 * (`validateRuleTable`), not by a DTO. The gateway refuses what this names before forwarding; intake checks the
 * same again, then what needs its clock and its data (an effective date after today, a version not yet published).
 */
export function ruleTableDocumentViolations(document: unknown): { name: string; reason: string }[] {
  const checked = validateRuleTable(document);
  return checked.ok ? [] : checked.violations.map((v) => ({ name: v.field, reason: v.reason }));
}
