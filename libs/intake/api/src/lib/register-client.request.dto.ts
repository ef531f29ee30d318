import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PREFERRED_CHANNELS, type PreferredChannel, type RegisterClientRequest } from './client.api';
import { EMAIL_REGEX as EMAIL, INTAKE_RULES as L, PHONE_REGEX as PHONE } from '@massage/intake-domain';
import { IsCalendarDate } from './validators';

/**
 * Body of `POST /clients` (the gateway's `POST /v1/locations/:locationId/clients`), checked field by
 * field with the domain's INTAKE_RULES. The gateway validates it before forwarding; intake validates it again
 * (it never trusts the caller), then applies its own rules (names not blank, date of birth not in the future…).
 */
export class RegisterClientRequestDto implements RegisterClientRequest {
  @ApiProperty({ minLength: L.nameMinLength, maxLength: L.nameMaxLength, example: 'Ada' })
  @IsString()
  @Length(L.nameMinLength, L.nameMaxLength)
  givenName: string;

  @ApiProperty({ minLength: L.nameMinLength, maxLength: L.nameMaxLength, example: 'Lovelace' })
  @IsString()
  @Length(L.nameMinLength, L.nameMaxLength)
  familyName: string;

  @ApiPropertyOptional({ format: 'email', maxLength: L.emailMaxLength, example: 'ada@example.com', description: 'Required when preferredChannel is email.' })
  @ValidateIf((o: RegisterClientRequestDto) => o.email !== undefined || o.preferredChannel === 'email')
  @IsDefined({ message: 'email is required when preferredChannel is email' })
  @IsString()
  @MaxLength(L.emailMaxLength)
  @Matches(EMAIL, { message: 'email must be a valid email address' })
  email?: string;

  @ApiPropertyOptional({ pattern: L.phonePattern, example: '+14165550123', description: 'E.164. Required when preferredChannel is sms.' })
  @ValidateIf((o: RegisterClientRequestDto) => o.phone !== undefined || o.preferredChannel === 'sms')
  @IsDefined({ message: 'phone is required when preferredChannel is sms' })
  @IsString()
  @Matches(PHONE, { message: 'phone must be in E.164 form, e.g. +14165550123' })
  phone?: string;

  @ApiProperty({ enum: PREFERRED_CHANNELS, example: 'email' })
  @IsIn(PREFERRED_CHANNELS)
  preferredChannel: PreferredChannel;

  @ApiProperty({ format: 'date', example: '1985-12-10', description: `Not in the future, at most ${L.maxAgeYears} years ago (checked by intake).` })
  @IsString()
  @IsCalendarDate()
  dateOfBirth: string;
}
