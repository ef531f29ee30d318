import { INTAKE_API_LIMITS as L, type PreferredChannel, type RegisterClientRequest } from '@massage/intake-api';
import { IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

/** `POST /clients` body, checked field by field (the gateway checks it too; intake never trusts that). */
export class RegisterClientDto implements RegisterClientRequest {
  @IsString()
  @Length(L.nameMinLength, L.nameMaxLength)
  givenName: string;

  @IsString()
  @Length(L.nameMinLength, L.nameMaxLength)
  familyName: string;

  @IsOptional()
  @IsString()
  @MaxLength(L.emailMaxLength)
  @Matches(new RegExp(L.emailPattern, 'i'), { message: 'email must be a valid email address' })
  email?: string;

  @IsOptional()
  @IsString()
  @Matches(new RegExp(L.phonePattern), { message: 'phone must be in E.164 form, e.g. +14165550123' })
  phone?: string;

  @IsIn(['email', 'sms'])
  preferredChannel: PreferredChannel;

  @IsString()
  @Matches(new RegExp(L.datePattern), { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  dateOfBirth: string;
}
