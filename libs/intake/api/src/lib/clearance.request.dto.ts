import {
  BODY_REGIONS,
  CLEARANCE_REVOKE_REASONS,
  POSITIONINGS,
  PRESSURE_LEVELS,
  RULE_CODE_PATTERN,
  TECHNIQUES,
  type BodyRegion,
  type ClearanceRevokeReason,
  type Positioning,
  type PressureLevel,
  type Technique,
} from '@massage/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsRFC3339, IsString, Length, Matches, registerDecorator, type ValidationOptions } from 'class-validator';
import {
  CLEARANCE_LIMITS as L,
  type AllOr,
  type RecordClearanceDirectRequest,
  type RecordClearanceRequest,
  type RequestClearanceRequest,
  type RevokeClearanceRequest,
} from './clearance.api';

/** `all`, or a non-empty list of distinct codes from `values`. */
function IsAllOrListOf(values: readonly string[], options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isAllOrListOf',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `$property must be "all" or a non-empty list of distinct codes (${values.join(', ')})`, ...options },
      validator: {
        validate: (value: unknown) =>
          value === 'all' || (Array.isArray(value) && value.length > 0 && new Set(value).size === value.length && value.every((v) => typeof v === 'string' && values.includes(v))),
      },
    });
}

const allOrSchema = (values: readonly string[]) => ({ oneOf: [{ type: 'string', enum: ['all'] }, { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: [...values] } }] });
const NOT_BLANK = /\S/;

/** Rule codes: the service checks them against the rule table in effect (each must have a CLEARANCE effect). */
function RuleCodes(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ApiProperty({
      type: [String],
      minItems: 1,
      maxItems: L.maxRules,
      uniqueItems: true,
      pattern: RULE_CODE_PATTERN,
      example: ['ONC_TX'],
      description: 'Rule codes of the rule table in effect, each with a CLEARANCE effect; refused naming `rules.<i>` otherwise.',
    })(target, key);
    IsArray()(target, key);
    ArrayMinSize(1)(target, key);
    ArrayMaxSize(L.maxRules)(target, key);
    ArrayUnique()(target, key);
    Matches(new RegExp(RULE_CODE_PATTERN), { each: true, message: 'each of $property must be a rule code (A-Z, 0-9, _)' })(target, key);
  };
}

/** The physician or clinic: free text (1–200 characters, not blank) that stays in intake. */
function ProviderName({ documented = true } = {}): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    if (documented) ApiProperty({ minLength: 1, maxLength: L.providerNameMaxLength, example: 'Dr. Grace Hopper, Toronto General oncology', description: 'Free text; stays in intake.' })(target, key);
    IsString()(target, key);
    Length(1, L.providerNameMaxLength)(target, key);
    Matches(NOT_BLANK, { message: 'providerName must not be blank' })(target, key);
  };
}

export class RequestClearanceRequestDto implements RequestClearanceRequest {
  @RuleCodes()
  rules: string[];

  @ProviderName()
  providerName: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: L.referenceMaxLength, example: 'fax +1 416 555 0100', description: 'Where the letter goes; stays in intake.' })
  @IsOptional()
  @IsString()
  @Length(1, L.referenceMaxLength)
  providerContact?: string;

  @ApiPropertyOptional({ ...allOrSchema(TECHNIQUES), example: ['deep-tissue'], description: 'The techniques the therapist would like cleared.' })
  @IsOptional()
  @IsAllOrListOf(TECHNIQUES)
  techniques?: AllOr<Technique>;

  @ApiPropertyOptional({ ...allOrSchema(BODY_REGIONS), example: 'all', description: 'The sites the therapist would like cleared.' })
  @IsOptional()
  @IsAllOrListOf(BODY_REGIONS)
  sites?: AllOr<BodyRegion>;

  @ApiPropertyOptional({ enum: PRESSURE_LEVELS, example: 'P3' })
  @IsOptional()
  @IsIn(PRESSURE_LEVELS)
  maxPressure?: PressureLevel;
}

/** What every recording says: the scope cleared, the expiry, the letter's reference. */
abstract class RecordedScopeDto {
  @ApiProperty({ ...allOrSchema(TECHNIQUES), example: ['deep-tissue', 'trigger-point'], description: 'The techniques the physician cleared.' })
  @IsAllOrListOf(TECHNIQUES)
  techniques: AllOr<Technique>;

  @ApiProperty({ ...allOrSchema(BODY_REGIONS), example: 'all', description: 'The sites the physician cleared.' })
  @IsAllOrListOf(BODY_REGIONS)
  sites: AllOr<BodyRegion>;

  @ApiPropertyOptional({ enum: PRESSURE_LEVELS, example: 'P3', description: 'The deepest pressure cleared; absent = no cap from the physician.' })
  @IsOptional()
  @IsIn(PRESSURE_LEVELS)
  maxPressure?: PressureLevel;

  @ApiPropertyOptional({ enum: POSITIONINGS, isArray: true, example: ['rise-slowly'] })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(POSITIONINGS, { each: true })
  positioning?: Positioning[];

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-12-31T17:00:00Z',
    description:
      "When it stops counting. Default: now + the shortest default validity of its rules (clearanceValidDays in the table in effect); may shorten it, never lengthen it. Required when no rule sets one (at most 365 days ahead). Must be in the future.",
  })
  @IsOptional()
  @IsString()
  @IsRFC3339()
  expiresAt?: string;

  @ApiProperty({ minLength: 1, maxLength: L.referenceMaxLength, example: 'dms://letters/2026/000123', description: "A reference to the physician's letter (document id or URL), not the letter." })
  @IsString()
  @Length(1, L.referenceMaxLength)
  @Matches(NOT_BLANK, { message: 'documentRef must not be blank' })
  documentRef: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: L.referenceMaxLength, example: 'fax +1 416 555 0100' })
  @IsOptional()
  @IsString()
  @Length(1, L.referenceMaxLength)
  providerContact?: string;
}

/** The physician answered a request: the rules are the request's; the provider only when another one answered. */
export class RecordClearanceRequestDto extends RecordedScopeDto implements RecordClearanceRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: L.providerNameMaxLength, example: 'Dr. Grace Hopper', description: 'The physician who answered, when not the one asked.' })
  @IsOptional()
  @ProviderName({ documented: false })
  providerName?: string;
}

/** A letter brought in without a request: the scope plus the rules it answers and the provider. */
export class RecordClearanceDirectRequestDto extends RecordedScopeDto implements RecordClearanceDirectRequest {
  @RuleCodes()
  rules: string[];

  @ProviderName()
  providerName: string;
}

export class RevokeClearanceRequestDto implements RevokeClearanceRequest {
  @ApiProperty({ enum: CLEARANCE_REVOKE_REASONS, example: 'condition-changed' })
  @IsIn(CLEARANCE_REVOKE_REASONS)
  reason: ClearanceRevokeReason;
}
