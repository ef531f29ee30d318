import { RULE_TABLE_2026_1 } from '@massage/intake-screening';
import { ApiProperty } from '@nestjs/swagger';
import type { RuleTableVersionListResponse, RuleTableVersionResponse, RuleTableVersionSummary } from './rule-table.api';

/** An abridged document, as the OpenAPI example of a publication (one rule of the 22 of screening-rules.md). */
export const RULE_TABLE_DOCUMENT_EXAMPLE = {
  version: '2027.1',
  effectiveFrom: '2027-01-01',
  // Every technique needs its typical range (the schema requires all of them): 2026.1's.
  techniquePressure: RULE_TABLE_2026_1.techniquePressure,
  rules: [
    {
      code: 'ANTICOAG',
      condition: 'anticoagulant/antiplatelet medication',
      askedOnIntake: 'blood thinners? bruise easily?',
      reAskEveryVisit: true,
      source: 'Werner & Benjamin; proposed cap',
      effects: [
        {
          when: { medicationAny: ['anticoagulant', 'antiplatelet'] },
          kind: 'MODIFY',
          techniques: { only: ['deep-tissue', 'trigger-point', 'sports', 'myofascial-release'] },
          regions: 'all',
          maxPressure: 'P2',
          summary: 'cap-pressure',
        },
      ],
    },
  ],
} as const;

export class RuleTableVersionSummaryDto implements RuleTableVersionSummary {
  @ApiProperty({ example: '2026.1' }) version: string;
  @ApiProperty({ format: 'date', example: '2026-01-01' }) effectiveFrom: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T21:00:00.000Z' }) publishedAt: string;
  @ApiProperty({ example: 'hq-1' }) publishedBy: string;
}

export class RuleTableVersionListResponseDto implements RuleTableVersionListResponse {
  @ApiProperty({ type: [RuleTableVersionSummaryDto], description: 'Latest effective date first.' }) items: RuleTableVersionSummaryDto[];
  @ApiProperty({ type: String, nullable: true, example: '2026.1', description: 'The version in effect today.' }) inEffect: string | null;
}

export class RuleTableVersionResponseDto extends RuleTableVersionSummaryDto implements RuleTableVersionResponse {
  @ApiProperty({ type: 'object', additionalProperties: true, example: RULE_TABLE_DOCUMENT_EXAMPLE, description: 'The rule-table document (its JSON Schema is the service\'s RULE_TABLE_JSON_SCHEMA).' })
  document: Record<string, unknown>;
}
