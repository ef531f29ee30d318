import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { DiscontinuePlanRequestDto, PlanTermsRequestDto, TREATMENT_ROUTES } from '@massage/treatment-api';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { IdempotentCreateApi, LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe, UuidParamPipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';
import { RESTRICTED_WORK, treatmentRefusal, TreatmentRefusalsApi } from './treatment-api-docs';
import { PlanListResponseDto, PlanOutcomesResponseDto, PlanResponseDto } from './treatment-responses.dto';
import { treatmentTarget, type TreatmentRoute } from './treatment-routes';

const INVALID = { description: 'An invalid or unknown field (named in invalid-params), or terms the record refuses (a target below its baseline, a goal not of this plan).', ...problemResponse };
const NO_PLAN = { description: 'No such client, or no such plan of the client, at this location.', ...problemResponse };
const CLOSED = treatmentRefusal('`plan-closed`: the plan is completed or discontinued.', 'plan-closed', 409, { status: 'completed' });

/** A plan for a stiff neck, as a creation or a revision states its terms. */
const NECK_PLAN = {
  goals: [
    { activity: 'Turn my head to reverse the car', baselineScore: 3, targetScore: 8 },
    { activity: 'Work at the desk for two hours', baselineScore: 4, targetScore: 8, by: '2026-04-30' },
    { activity: 'Sleep through the night', baselineScore: 5, targetScore: 9 },
  ],
  focusRegions: ['neck', 'upper-back'],
  techniques: ['swedish', 'myofascial-release'],
  maxPressure: 'P3',
  frequency: { sessions: 1, everyWeeks: 1 },
  plannedSessions: 6,
  reassessOn: '2026-04-15',
  referral: { source: 'physiotherapist', referrer: 'Dr. A. Chen, Riverside Physio', reasonCode: 'M54.2' },
};

/**
 * A client's treatment plans (issue 9): built by the client's therapist (in care) or the location's manager from the
 * client's own intake, checked against their latest screening; read with the outcome trend by them and HQ. Health
 * data: never the front desk. Every read is audit-logged (and audited by treatment itself).
 */
@ApiTags('treatment plans')
@LocationScopedApi()
@TreatmentRefusalsApi()
@Controller({ path: 'locations/:locationId/clients/:clientId/plans', version: '1' })
export class PlansHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Post()
  @RequirePermission('treatment-plan:write', { clientParam: 'clientId' })
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a plan: 3–5 PSFS goals, focus regions, techniques, pressure, frequency, sessions, re-assessment date, referral; `TreatmentPlanCreated`' })
  // Above IdempotentCreateApi, whose 422 (a reused key) it replaces with one description of both.
  @ApiUnprocessableEntityResponse({ ...RESTRICTED_WORK, description: `${RESTRICTED_WORK.description} Also 422: the Idempotency-Key was already used with another request.` })
  @IdempotentCreateApi()
  @ApiBody({
    type: PlanTermsRequestDto,
    examples: {
      'a referred neck plan': { value: NECK_PLAN },
      'relaxation of the back, no referral': {
        value: {
          goals: [
            { activity: 'Sleep through the night', baselineScore: 5, targetScore: 9 },
            { activity: 'Lift my toddler', baselineScore: 4, targetScore: 8 },
            { activity: 'Garden for an hour', baselineScore: 3, targetScore: 7 },
          ],
          focusRegions: ['lower-back'], techniques: ['swedish'], maxPressure: 'P2', frequency: { sessions: 1, everyWeeks: 2 }, plannedSessions: 4, reassessOn: '2026-05-01' },
      },
    },
  })
  @ApiCreatedResponse({ type: PlanResponseDto })
  @ApiBadRequestResponse({ description: 'No Idempotency-Key, or an invalid field (named in invalid-params).', ...problemResponse })
  @ApiNotFoundResponse(NO_PLAN)
  async create(@Param('locationId', LocationCodePipe) locationId: string, @Param('clientId', UuidParamPipe) clientId: string, @Body() body: PlanTermsRequestDto, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.write(treatmentTarget(TREATMENT_ROUTES.plans, { locationId, clientId }), body, request, response);
  }

  @Get()
  @RequirePermission('treatment-plan:read', { clientParam: 'clientId' })
  @ApiOperation({ summary: "The client's plans, newest first (audit-logged)" })
  @ApiOkResponse({ type: PlanListResponseDto })
  @ApiNotFoundResponse(NO_PLAN)
  async list(@Param('locationId', LocationCodePipe) locationId: string, @Param('clientId', UuidParamPipe) clientId: string, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.read(treatmentTarget(TREATMENT_ROUTES.plans, { locationId, clientId }), { action: 'plan.list', clientId }, request, response);
  }

  @Get(':planId')
  @RequirePermission('treatment-plan:read', { clientParam: 'clientId' })
  @ApiOperation({ summary: 'One plan, with `reviewNeeded` while a newer screening restricts it (audit-logged)' })
  @ApiOkResponse({ type: PlanResponseDto })
  @ApiNotFoundResponse(NO_PLAN)
  async get(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Param('planId', UuidParamPipe) planId: string,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.read(treatmentTarget(TREATMENT_ROUTES.plan, { locationId, clientId, planId }), { action: 'plan.read', clientId }, request, response);
  }

  @Put(':planId')
  @RequirePermission('treatment-plan:write', { clientParam: 'clientId' })
  @ApiOperation({ summary: "Revise a plan: its terms in full, checked again against the client's latest screening (clears `reviewNeeded`); `TreatmentPlanRevised`" })
  @ApiBody({ type: PlanTermsRequestDto, examples: { 'lighter pressure after a new screening': { value: { ...NECK_PLAN, maxPressure: 'P2', techniques: ['swedish'] } } } })
  @ApiOkResponse({ type: PlanResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NO_PLAN)
  @ApiConflictResponse(CLOSED)
  @ApiUnprocessableEntityResponse(RESTRICTED_WORK)
  async revise(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Param('planId', UuidParamPipe) planId: string,
    @Body() body: PlanTermsRequestDto,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.change(TREATMENT_ROUTES.plan, 'PUT', { locationId, clientId, planId }, body, request, response);
  }

  @Post(':planId/complete')
  @RequirePermission('treatment-plan:write', { clientParam: 'clientId' })
  @HttpCode(200)
  @ApiOperation({ summary: 'The plan reached its end; `TreatmentPlanCompleted`' })
  @ApiOkResponse({ type: PlanResponseDto })
  @ApiNotFoundResponse(NO_PLAN)
  @ApiConflictResponse(CLOSED)
  async complete(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Param('planId', UuidParamPipe) planId: string,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.change(TREATMENT_ROUTES.completePlan, 'POST', { locationId, clientId, planId }, undefined, request, response);
  }

  @Post(':planId/discontinue')
  @RequirePermission('treatment-plan:write', { clientParam: 'clientId' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop the plan before its end, for a coded reason; `TreatmentPlanDiscontinued`' })
  @ApiBody({ type: DiscontinuePlanRequestDto, examples: { 'the client asked': { value: { reason: 'client-request' } }, 'referred out': { value: { reason: 'referred-out' } } } })
  @ApiOkResponse({ type: PlanResponseDto })
  @ApiBadRequestResponse({ description: 'An unknown reason (named in invalid-params).', ...problemResponse })
  @ApiNotFoundResponse(NO_PLAN)
  @ApiConflictResponse(CLOSED)
  async discontinue(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Param('planId', UuidParamPipe) planId: string,
    @Body() body: DiscontinuePlanRequestDto,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.change(TREATMENT_ROUTES.discontinuePlan, 'POST', { locationId, clientId, planId }, body, request, response);
  }

  @Get(':planId/outcomes')
  @RequirePermission('treatment-plan:read', { clientParam: 'clientId' })
  @ApiOperation({
    summary:
      "The plan's outcome trend as chart data: pain per region before and after each signed session, PSFS per activity and their mean, whether each change reached the minimal clinically important difference, and whether re-assessment is due (audit-logged)",
  })
  @ApiOkResponse({ type: PlanOutcomesResponseDto })
  @ApiNotFoundResponse(NO_PLAN)
  async outcomes(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Param('planId', UuidParamPipe) planId: string,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.read(treatmentTarget(TREATMENT_ROUTES.outcomes, { locationId, clientId, planId }), { action: 'plan.outcomes', clientId }, request, response);
  }

  /** A change that creates nothing (a revision stating the terms in full, or a transition the service refuses twice): a retry needs no key. */
  private async change(route: TreatmentRoute, method: 'POST' | 'PUT', params: { locationId: string; clientId: string; planId: string }, body: unknown, request: ActorRequest, response: Response): Promise<void> {
    await this.forwarder.change(treatmentTarget(route, params), method, body, request, response);
  }
}
