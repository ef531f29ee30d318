import { INTAKE_API_LIMITS as L, type PreferredChannel, type RegisterClientRequest } from '@massage/intake-api';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsCalendarDate } from './validators';

export const PREFERRED_CHANNELS = ['email', 'sms'] as const satisfies readonly PreferredChannel[];
const EMAIL = new RegExp(L.emailPattern, 'i');
const PHONE = new RegExp(L.phonePattern);

/** Body of `POST /v1/locations/:locationId/clients`; the same limits intake enforces (INTAKE_API_LIMITS). */
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
  @Matches(EMAIL, { message: 'email must be an email address' })
  email?: string;

  @ApiPropertyOptional({ pattern: L.phonePattern, example: '+14165550123', description: 'E.164. Required when preferredChannel is sms.' })
  @ValidateIf((o: RegisterClientRequestDto) => o.phone !== undefined || o.preferredChannel === 'sms')
  @IsDefined({ message: 'phone is required when preferredChannel is sms' })
  @IsString()
  @Matches(PHONE, { message: 'phone must be an E.164 phone number, e.g. +14165550123' })
  phone?: string;

  @ApiProperty({ enum: PREFERRED_CHANNELS, example: 'email' })
  @IsIn(PREFERRED_CHANNELS)
  preferredChannel: PreferredChannel;

  @ApiProperty({ format: 'date', example: '1985-12-10', description: `Not in the future, at most ${L.maxAgeYears} years ago (checked by intake).` })
  @IsString()
  @IsCalendarDate()
  dateOfBirth: string;
}
