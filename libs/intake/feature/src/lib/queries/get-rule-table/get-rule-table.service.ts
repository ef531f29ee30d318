import { Injectable, NotFoundException } from '@nestjs/common';
import { RULE_TABLE_VERSION_PATTERN } from '@massage/contracts';
import type { RuleTableVersionResponse } from '@massage/intake-api';
import { DataSource } from 'typeorm';
import { RuleTableVersionEntity } from '../../rule-tables/rule-table-version.entity';
import { toRuleTableVersionResponse } from '../../rule-tables/rule-table.responses';

const VERSION = new RegExp(RULE_TABLE_VERSION_PATTERN);

/** One rule-table version with its document; old versions stay readable. 404 for an unknown (or malformed) version. */
@Injectable()
export class GetRuleTableService {
  constructor(private readonly dataSource: DataSource) {}

  async get(version: string): Promise<RuleTableVersionResponse> {
    const table = VERSION.test(version) ? await this.dataSource.getRepository(RuleTableVersionEntity).findOneBy({ version }) : null;
    if (!table) throw new NotFoundException('rule-table version not found');
    return toRuleTableVersionResponse(table);
  }
}
