import type { RuleTableVersionResponse, RuleTableVersionSummary } from '@massage/intake-api';
import type { RuleTableVersionEntity } from './rule-table-version.entity';

export function toRuleTableVersionSummary(t: RuleTableVersionEntity): RuleTableVersionSummary {
  return { version: t.version, effectiveFrom: t.effectiveFrom, publishedAt: t.publishedAt.toISOString(), publishedBy: t.publishedBy };
}

export function toRuleTableVersionResponse(t: RuleTableVersionEntity): RuleTableVersionResponse {
  return { ...toRuleTableVersionSummary(t), document: { ...t.document } };
}
