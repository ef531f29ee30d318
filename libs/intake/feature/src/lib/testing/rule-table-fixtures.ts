import type { PressureLevel } from '@massage/contracts';
import { RULE_TABLE_2026_1, type RuleTableDocument } from '@massage/intake-screening';

/** The seeded table 2026.1 as another version whose ANTICOAG cap is `cap` (P2 in 2026.1), so which version screened is visible. */
export function ruleTableWithAnticoagCap(version: string, effectiveFrom: string, cap: PressureLevel = 'P1'): RuleTableDocument {
  const doc = JSON.parse(JSON.stringify(RULE_TABLE_2026_1)) as RuleTableDocument;
  for (const rule of doc.rules) for (const effect of rule.effects) if (rule.code === 'ANTICOAG' && effect.kind === 'MODIFY') effect.maxPressure = cap;
  return { ...doc, version, effectiveFrom };
}
