import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { OwnSessionsQueryDto, TREATMENT_ROUTES } from '@massage/treatment-api';
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';
import { OwnSessionsResponseDto } from './treatment-responses.dto';
import { treatmentTarget } from './treatment-routes';

/** A therapist's morning: a session checked in and documenting, one completed and signed, one still booked. */
const DAY_EXAMPLE = {
  locationId: 'downtown',
  date: '2026-03-09',
  timeZone: 'America/Toronto',
  sessions: [
    {
      appointmentId: '8a6c4e2f-0b1d-4f3a-9c5e-7b9d1f3a5c7e',
      clientId: '6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b0c7a14',
      serviceId: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
      startsAt: '2026-03-09T13:00:00.000Z',
      endsAt: '2026-03-09T14:00:00.000Z',
      localStartTime: '09:00',
      status: 'completed',
      techniques: ['myofascial-release', 'swedish'],
      focusRegions: ['neck', 'upper-back'],
      pressure: 'P3',
      note: { id: '2b4d6f8a-0c1e-4a3b-8d5f-7a9c1e3b5d7f', status: 'signed' },
      activePlanId: '1e3c5a7b-9d0f-4b2d-8f4a-6c8e0a2b4d6f',
    },
    {
      appointmentId: '3c5e7a9b-1d2f-4b4c-8e6a-0b2d4f6a8c0e',
      clientId: '9d7b5f3a-1c0e-4e2d-8b6f-4a2c0e8d6b4f',
      serviceId: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
      startsAt: '2026-03-09T14:30:00.000Z',
      endsAt: '2026-03-09T15:30:00.000Z',
      localStartTime: '10:30',
      status: 'checked-in',
      techniques: ['deep-tissue'],
      focusRegions: ['lower-back'],
      pressure: 'P4',
      note: { id: '4d6f8a0c-2e3b-4c5d-9f7a-1b3d5f7a9c1e', status: 'draft' },
      activePlanId: null,
    },
    {
      appointmentId: '7e9a1c3d-5f6b-4d8e-a0c2-4e6a8c0e2a4b',
      clientId: '2a4c6e8f-0b1d-4e3f-9a5c-7e9b1d3f5a7c',
      serviceId: null,
      startsAt: '2026-03-09T16:00:00.000Z',
      endsAt: '2026-03-09T17:00:00.000Z',
      localStartTime: '12:00',
      status: 'booked',
      techniques: ['swedish'],
      focusRegions: ['left-shoulder'],
      pressure: 'P2',
      note: null,
      activePlanId: null,
    },
  ],
};

/**
 * A therapist's own day at their location (`session:list-own`, therapists only): the sessions they give, so they
 * know which notes they will write. Treatment decides which are theirs (the note's or the booking's therapist, as
 * for `own-sessions`) and audits each listing (`session.list-own`); ids and codes only, no names.
 */
@ApiTags('session notes')
@LocationScopedApi()
@ApiExtraModels(OwnSessionsResponseDto)
@Controller({ path: 'locations/:locationId/therapists/me/sessions', version: '1' })
export class OwnSessionsHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Get()
  @RequirePermission('session:list-own')
  @ApiOperation({
    summary: "The acting therapist's sessions of a day, by start: status, planned work, the note (draft or signed) and the client's active plan (audited)",
    description: "`?date=YYYY-MM-DD` picks the local day; without it, today in the location's time zone. Other roles are refused (403).",
  })
  @ApiOkResponse({ description: 'The day, sessions by start.', content: { 'application/json': { schema: { $ref: getSchemaPath(OwnSessionsResponseDto) }, example: DAY_EXAMPLE } } })
  @ApiBadRequestResponse({ description: 'A `date` that is not a real date `YYYY-MM-DD` (named in invalid-params), or an unknown query parameter.', ...problemResponse })
  async list(@Param('locationId', LocationCodePipe) locationId: string, @Query() query: OwnSessionsQueryDto, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    const target = treatmentTarget(TREATMENT_ROUTES.ownSessions, { locationId });
    const search = query.date === undefined ? '' : `?${new URLSearchParams({ date: query.date }).toString()}`;
    // Treatment audits the listing durably itself (it names no client): no gateway log line.
    await this.forwarder.query({ ...target, path: `${target.path}${search}` }, request, response);
  }
}
