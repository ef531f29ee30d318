import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

/** Why a client's contact details are erased: the client asked, or an authority ordered it. */
export const CONTACT_ERASURE_REASONS = ['client-request', 'authority-order'] as const;
export type ContactErasureReason = (typeof CONTACT_ERASURE_REASONS)[number];

/**
 * Body of `POST /locations/:locationId/clients/:clientId/contact-erasure`: erases the client's e-mail and
 * phone everywhere (ADR 0010). Answer: 200 ClientResponse with `email` and `phone` null; the name, date of
 * birth and intakes stay (the health record is kept for its legal retention period).
 */
export interface EraseClientContactRequest {
  reason: ContactErasureReason;
}

export class EraseClientContactRequestDto implements EraseClientContactRequest {
  @ApiProperty({ enum: CONTACT_ERASURE_REASONS, example: 'client-request' })
  @IsIn(CONTACT_ERASURE_REASONS)
  reason: ContactErasureReason;
}
