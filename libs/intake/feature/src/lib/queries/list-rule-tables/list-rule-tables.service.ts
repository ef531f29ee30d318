import { Inject, Injectable } from '@nestjs/common';
import type { RuleTableVersionListResponse } from '@massage/intake-api';
import { CLOCK, type Clock } from '@massage/platform';
import { DataSource } from 'typeorm';
import { RuleTableVersionEntity } from '../../rule-tables/rule-table-version.entity';
import { toRuleTableVersionSummary } from '../../rule-tables/rule-table.responses';
import { RuleTableVersions } from '../../rule-tables/rule-table-versions';

/** Every published rule-table version, latest effective date first, and the one in effect at `now`. No client data: not audited. */
@Injectable()
export class ListRuleTablesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tables: RuleTableVersions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(now = this.clock.now()): Promise<RuleTableVersionListResponse> {
    const versions = await this.dataSource.getRepository(RuleTableVersionEntity).find({ order: { effectiveFrom: 'DESC' } });
    const inEffect = await this.tables.versionInEffect(this.dataSource.manager, now);
    return { items: versions.map(toRuleTableVersionSummary), inEffect: inEffect ?? null };
  }
}
