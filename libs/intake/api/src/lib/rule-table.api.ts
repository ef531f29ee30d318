/** One published version of the contraindication rule table, without its document. */
export interface RuleTableVersionSummary {
  /** e.g. `2026.1`. */
  version: string;
  /** `YYYY-MM-DD`: screenings as of this date and later use this version, until a later one takes effect. */
  effectiveFrom: string;
  /** When it was published (RFC 3339, UTC). */
  publishedAt: string;
  /** Who published it (the verified subject), `migration` for the version shipped with the service. */
  publishedBy: string;
}

/** `GET /rule-tables`: every version, latest effective date first, and the one in effect now. */
export interface RuleTableVersionListResponse {
  items: RuleTableVersionSummary[];
  /** The version in effect today (null before the first takes effect). */
  inEffect: string | null;
}

/**
 * `GET /rule-tables/:version` and the answer of `POST /rule-tables`: the version and its document. The document's
 * shape is the rule table's JSON Schema (`RULE_TABLE_JSON_SCHEMA` of the intake service): version, effectiveFrom,
 * techniquePressure and the rules, each with its effects.
 */
export interface RuleTableVersionResponse extends RuleTableVersionSummary {
  document: Record<string, unknown>;
}

export { ruleTableDocumentViolations } from './rule-table.request';
