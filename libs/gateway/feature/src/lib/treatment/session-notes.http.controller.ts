import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { AmendNoteRequestDto, NoteContentDto, TREATMENT_ROUTES } from '@massage/treatment-api';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { IdempotentCreateApi, LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe, UuidParamPipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';
import { RESTRICTED_WORK, treatmentRefusal, TreatmentRefusalsApi } from './treatment-api-docs';
import { NoteResponseDto } from './treatment-responses.dto';
import { treatmentTarget } from './treatment-routes';

const NO_NOTE = { description: 'No note for this session of the client here: none is opened before the client checks in.', ...problemResponse };
const INVALID = { description: 'An invalid or unknown field (named in invalid-params): a score off 0–10, minutes out of bounds, a PSFS goal not of the plan.', ...problemResponse };
const NOT_YOURS = treatmentRefusal(
  "`not-your-session`: only the appointment's therapist writes its note (a manager may only amend a signed one). Also 403: a role without the permission (front desk never), another location, or a therapist whose session it is not.",
  'not-your-session',
  403,
);
const SIGNED = treatmentRefusal('`note-signed`: the note is signed and locked; correct it with an amendment.', 'note-signed', 409);

/** Today's note as a therapist records it: the client's words, findings, the work line by line, pain before and after. */
const NOTE = {
  subjective: 'Neck stiff since a long drive on Monday; worse turning left.',
  objective: 'Hypertonic left upper trapezius, trigger point at C5 level.',
  rangeOfMotion: [{ joint: 'cervical-spine', movement: 'rotation-left', mode: 'active', degrees: 55 }],
  work: [
    { technique: 'myofascial-release', region: 'neck', pressure: 'P3', minutes: 25 },
    { technique: 'swedish', region: 'upper-back', pressure: 'P2', minutes: 20 },
  ],
  pain: [{ region: 'neck', before: 6, after: 3 }],
  functionScores: [],
  assessment: 'Good response; rotation improved.',
  plan: 'Same focus next week; chin tucks at home.',
};

/**
 * A session's SOAP note (issue 9), opened as a draft when the client checks in: written and signed only by the
 * appointment's therapist (`own-sessions`, settled by treatment), read by therapists in the client's care, managers
 * and HQ, never the front desk. A signed note is locked; corrections are amendments that keep every earlier version
 * readable. Every read is audit-logged (and audited by treatment itself).
 */
@ApiTags('session notes')
@LocationScopedApi()
@TreatmentRefusalsApi()
@Controller({ path: 'locations/:locationId/clients/:clientId/sessions/:appointmentId/note', version: '1' })
export class SessionNotesHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Get()
  @RequirePermission('clinical-note:read', { clientParam: 'clientId' })
  @ApiOperation({ summary: "A session's note: the draft, or the latest signed version with every version and amendment (audit-logged)" })
  @ApiOkResponse({ type: NoteResponseDto })
  @ApiNotFoundResponse(NO_NOTE)
  async get(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Param('appointmentId', UuidParamPipe) appointmentId: string,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.read(treatmentTarget(TREATMENT_ROUTES.note, { locationId, clientId, appointmentId }), { action: 'note.read', clientId }, request, response);
  }

  @Put()
  @RequirePermission('clinical-note:write', { sessionParam: 'appointmentId' })
  @ApiOperation({ summary: 'Save the draft in full: S, O with range of motion, the work (technique × region × pressure × minutes), pain before and after, PSFS scores, A, P' })
  @ApiBody({ type: NoteContentDto, examples: { "today's session": { value: NOTE }, 'pain before, asked at the start': { value: { rangeOfMotion: [], work: [], pain: [{ region: 'neck', before: 6 }], functionScores: [] } } } })
  @ApiOkResponse({ type: NoteResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiForbiddenResponse(NOT_YOURS)
  @ApiNotFoundResponse(NO_NOTE)
  @ApiConflictResponse(SIGNED)
  @ApiUnprocessableEntityResponse({ ...RESTRICTED_WORK, description: `${RESTRICTED_WORK.description} \`refusals[].items\` are the work lines refused (0-based); the draft stays as it was.` })
  async save(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Param('appointmentId', UuidParamPipe) appointmentId: string,
    @Body() body: NoteContentDto,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    // A draft stated in full: a retry meets the state the first one left, so no Idempotency-Key.
    await this.forwarder.change(treatmentTarget(TREATMENT_ROUTES.note, { locationId, clientId, appointmentId }), 'PUT', body, request, response);
  }

  @Post('sign')
  @RequirePermission('clinical-note:write', { sessionParam: 'appointmentId' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign the draft: it is locked from now on; `SessionLogged` (ids, work and pain codes, no free text)' })
  @ApiOkResponse({ type: NoteResponseDto })
  @ApiForbiddenResponse(NOT_YOURS)
  @ApiNotFoundResponse(NO_NOTE)
  @ApiConflictResponse(SIGNED)
  @ApiUnprocessableEntityResponse(
    treatmentRefusal('`note-incomplete` (what a signed record must have is missing, named in `missing`), or a screening rule forbidding the work (as at save).', 'note-incomplete', 422, { missing: ['work'] }),
  )
  async sign(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Param('appointmentId', UuidParamPipe) appointmentId: string,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    // Signing twice is refused (`note-signed`) rather than repeated: a retry needs no key.
    await this.forwarder.change(treatmentTarget(TREATMENT_ROUTES.signNote, { locationId, clientId, appointmentId }), 'POST', undefined, request, response);
  }

  @Post('amendments')
  @RequirePermission('clinical-note:write', { sessionParam: 'appointmentId' })
  @HttpCode(201)
  @ApiOperation({ summary: 'Amend a signed note: why, what kind, and the content in full as it is to read now; a new version, the original kept readable; `SessionNoteAmended`' })
  @ApiUnprocessableEntityResponse({ ...RESTRICTED_WORK, description: `${RESTRICTED_WORK.description} Also 422: the Idempotency-Key was already used with another request.` })
  @IdempotentCreateApi()
  @ApiBody({
    type: AmendNoteRequestDto,
    examples: {
      'a correction of pain after': { value: { kind: 'correction', reason: 'Pain after was misread: it was 4.', content: { ...NOTE, pain: [{ region: 'neck', before: 6, after: 4 }] } } },
      'an addendum': { value: { kind: 'addendum', reason: 'Range of motion measured after treatment.', content: { ...NOTE, rangeOfMotion: [...NOTE.rangeOfMotion, { joint: 'cervical-spine', movement: 'rotation-left', mode: 'active', degrees: 65 }] } } },
    },
  })
  @ApiCreatedResponse({ type: NoteResponseDto })
  @ApiBadRequestResponse({ description: 'No Idempotency-Key, or an invalid field (named in invalid-params).', ...problemResponse })
  @ApiForbiddenResponse(NOT_YOURS)
  @ApiNotFoundResponse(NO_NOTE)
  @ApiConflictResponse(treatmentRefusal('`note-not-signed`: a draft is saved, not amended.', 'note-not-signed', 409))
  async amend(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Param('appointmentId', UuidParamPipe) appointmentId: string,
    @Body() body: AmendNoteRequestDto,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.write(treatmentTarget(TREATMENT_ROUTES.amendments, { locationId, clientId, appointmentId }), body, request, response);
  }
}
