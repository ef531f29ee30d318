import { Controller, Get, Param, Query } from '@nestjs/common';
import { ACCESS_LOG_PAGE, type AccessLogResponse } from '@massage/intake-api';
import { ValidationProblem } from '@massage/platform';
import { RequirePermission } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import { GetAccessLogService } from './get-access-log.service';

/** A positive integer query parameter, or the default; 400 naming it otherwise. */
function positiveInt(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^[1-9][0-9]{0,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n > max) throw new ValidationProblem([{ name, reason: `must be an integer from 1 to ${max}` }]);
  return n;
}

@RequirePermission('audit:read')
@Controller('locations/:locationId/clients/:clientId/access-log')
export class GetAccessLogHttpController {
  constructor(private readonly service: GetAccessLogService) {}

  /** `GET /locations/:locationId/clients/:clientId/access-log?before=&limit=` → 200 AccessLogResponse; 404 when the client is not the location's. */
  @Get()
  get(
    @CallerLocation() locationId: string,
    @RequestActor() actor: Actor,
    @CorrelationId() correlationId: string,
    @Param('clientId') clientId: string,
    @Query('before') before?: string,
    @Query('limit') limit?: string,
  ): Promise<AccessLogResponse> {
    const beforeSeq = positiveInt('before', before, Number.MAX_SAFE_INTEGER);
    return this.service.get({ actor, locationId, correlationId }, idFromPath(clientId, 'client'), {
      limit: positiveInt('limit', limit, ACCESS_LOG_PAGE.maxLimit) ?? ACCESS_LOG_PAGE.defaultLimit,
      ...(beforeSeq !== undefined ? { before: beforeSeq } : {}),
    });
  }
}
