import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import type { RuleTableVersionResponse } from '@massage/intake-api';
import { RequirePermission } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { CorrelationId, IdempotencyKey, RequestActor } from '../../http/request-context';
import { PublishRuleTableService } from './publish-rule-table.service';

// Franchise-wide, no location in the path: only hq-admin's any-location grant reaches it.
@RequirePermission('rule-table:publish', { locationParam: null })
@Controller('rule-tables')
export class PublishRuleTableHttpController {
  constructor(private readonly service: PublishRuleTableService) {}

  /**
   * `POST /rule-tables` (with `Idempotency-Key`), body = the rule-table document → 201 RuleTableVersionResponse;
   * 400 naming the field (schema, rules, an effective date not after today); 409 for a published version or date.
   */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  publish(
    @RequestActor() actor: Actor,
    @CorrelationId() correlationId: string,
    @IdempotencyKey() idempotencyKey: string,
    // Not a DTO class: the validation pipe leaves it alone, and the rule table's own validator checks all of it.
    @Body() document: unknown,
  ): Promise<RuleTableVersionResponse> {
    return this.service.publish({ document, actor, correlationId, idempotencyKey });
  }
}
