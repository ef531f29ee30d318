import { Controller, Get, Param } from '@nestjs/common';
import type { RuleTableVersionResponse } from '@massage/intake-api';
import { RequirePermission } from '@massage/platform-security';
import { GetRuleTableService } from './get-rule-table.service';

@RequirePermission('rule-table:read', { locationParam: null })
@Controller('rule-tables')
export class GetRuleTableHttpController {
  constructor(private readonly service: GetRuleTableService) {}

  /** `GET /rule-tables/:version` → 200 RuleTableVersionResponse (the document); 404 for an unknown version. */
  @Get(':version')
  get(@Param('version') version: string): Promise<RuleTableVersionResponse> {
    return this.service.get(version);
  }
}
