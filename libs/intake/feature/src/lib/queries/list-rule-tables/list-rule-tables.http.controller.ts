import { Controller, Get } from '@nestjs/common';
import type { RuleTableVersionListResponse } from '@massage/intake-api';
import { RequirePermission } from '@massage/platform-security';
import { ListRuleTablesService } from './list-rule-tables.service';

// Franchise-wide: the route names no location, so only `any-location` grants reach it (docs/security.md).
@RequirePermission('rule-table:read', { locationParam: null })
@Controller('rule-tables')
export class ListRuleTablesHttpController {
  constructor(private readonly service: ListRuleTablesService) {}

  /** `GET /rule-tables` → 200 RuleTableVersionListResponse (versions with effective dates, the one in effect now). */
  @Get()
  list(): Promise<RuleTableVersionListResponse> {
    return this.service.list();
  }
}
