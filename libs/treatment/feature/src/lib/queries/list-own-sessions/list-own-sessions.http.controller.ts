import { Controller, Get, Query } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { OwnSessionsQueryDto, type OwnSessionsResponse } from '@massage/treatment-api';
import { AtLocation, type LocationContext } from '../../http/request-context';
import { ListOwnSessionsService } from './list-own-sessions.service';

/** Therapists only, at their own location; the service lists only the actor's sessions (the route names none). */
@RequirePermission('session:list-own')
@Controller('locations/:locationId/therapists/me/sessions')
export class ListOwnSessionsHttpController {
  constructor(private readonly service: ListOwnSessionsService) {}

  /** `GET …/therapists/me/sessions?date=YYYY-MM-DD` → 200 OwnSessionsResponse; 400 naming `date` when it is not a real date. */
  @Get()
  list(@AtLocation() ctx: LocationContext, @Query() query: OwnSessionsQueryDto): Promise<OwnSessionsResponse> {
    return this.service.list(ctx, query.date);
  }
}
