import { INTAKE_ROUTES, RULE_TABLE_DOCUMENT_EXAMPLE, RuleTableVersionListResponseDto, RuleTableVersionResponseDto } from '@massage/intake-api';
import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { FranchiseWideApi, IdempotentCreateApi, problemResponse } from '../http/api-docs.decorators';
import { RuleTableVersionPipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';
import { intakeFranchiseTarget } from '../intake/intake-routes';
import { RuleTableDocumentPipe } from './rule-table-document.pipe';

const RULE_TABLES_TAG = 'rule-tables';

/**
 * The contraindication rule table's versions (issue 7), franchise-wide: the routes name no location, so only roles
 * granted every location reach them (docs/security.md). Managers and therapists read; hq-admin alone publishes. No
 * client data, so reads are not audit-logged here; a publication is audited by intake.
 */
@ApiTags(RULE_TABLES_TAG)
@FranchiseWideApi()
@Controller({ path: 'rule-tables', version: '1' })
export class RuleTablesHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Get()
  @RequirePermission('rule-table:read', { locationParam: null })
  @ApiOperation({ summary: 'List the rule-table versions, latest effective date first, and the one in effect today' })
  @ApiOkResponse({ type: RuleTableVersionListResponseDto })
  async list(@Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.query(intakeFranchiseTarget(INTAKE_ROUTES.ruleTables), request, response);
  }

  @Get(':version')
  @RequirePermission('rule-table:read', { locationParam: null })
  @ApiOperation({ summary: 'Read one rule-table version with its document (every published version stays readable)' })
  @ApiParam({ name: 'version', example: '2026.1' })
  @ApiOkResponse({ type: RuleTableVersionResponseDto })
  @ApiBadRequestResponse({ description: 'A version that cannot be one (named in invalid-params).', ...problemResponse })
  @ApiNotFoundResponse({ description: 'No such version.', ...problemResponse })
  async get(@Param('version', RuleTableVersionPipe) version: string, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.query(intakeFranchiseTarget(INTAKE_ROUTES.ruleTable, { version }), request, response);
  }

  @Post()
  @RequirePermission('rule-table:publish', { locationParam: null })
  @HttpCode(201)
  @ApiOperation({
    summary: 'Publish a new rule-table version (hq-admin)',
    description:
      'The body is the whole document (start from `GET /v1/rule-tables/{version}`\'s `document`), with a new `version` and an `effectiveFrom` after today (UTC): ' +
      'screenings as of that date use it, earlier ones keep the version they recorded. Published versions never change.',
  })
  @IdempotentCreateApi()
  @ApiBody({
    schema: { type: 'object', additionalProperties: true, required: ['version', 'effectiveFrom', 'techniquePressure', 'rules'] },
    examples: {
      'the shape (abridged)': {
        summary: 'One rule shown: a publication replaces the whole table, so send every rule (start from GET /v1/rule-tables/{version})',
        value: RULE_TABLE_DOCUMENT_EXAMPLE,
      },
    },
  })
  @ApiCreatedResponse({ type: RuleTableVersionResponseDto })
  @ApiBadRequestResponse({
    description: 'A malformed document (each field named in invalid-params, e.g. `rules.3.effects.0.maxPressure`), an effective date not after today, or no Idempotency-Key.',
    ...problemResponse,
  })
  @ApiConflictResponse({ description: 'The version, or another version on the same effective date, is already published (`version` or `effectiveFrom` named).', ...problemResponse })
  @ApiPayloadTooLargeResponse({ description: 'Body larger than 64 kB.', ...problemResponse })
  async publish(@Body(RuleTableDocumentPipe) document: unknown, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.write(intakeFranchiseTarget(INTAKE_ROUTES.ruleTables), document, request, response);
  }
}
