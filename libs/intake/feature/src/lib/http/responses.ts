import type { ClientResponse, IntakeResponse } from '@massage/intake-api';
import type { ClientEntity } from '../client.entity';
import type { IntakeEntity } from '../intake.entity';

export function toClientResponse(c: ClientEntity): ClientResponse {
  return {
    id: c.id,
    locationId: c.locationId,
    givenName: c.givenName,
    familyName: c.familyName,
    email: c.email,
    phone: c.phone,
    preferredChannel: c.preferredChannel,
    dateOfBirth: c.dateOfBirth,
    registeredAt: c.registeredAt.toISOString(),
  };
}

/** A stored intake as the API answers it (v1 intakes with their migrated answers). */
export function toIntakeResponse(i: IntakeEntity): IntakeResponse {
  return {
    id: i.id,
    clientId: i.clientId,
    locationId: i.locationId,
    formVersion: i.formVersion,
    kind: i.kind,
    previousIntakeId: i.previousIntakeId,
    submittedAt: i.submittedAt.toISOString(),
    answers: i.answers,
    goals: i.goals,
    consent: {
      given: true,
      textVersion: i.consentTextVersion,
      textHash: i.consentTextHash,
      signedName: i.consentSignedName,
      signedAt: i.consentSignedAt.toISOString(),
      validUntil: i.consentValidUntil.toISOString(),
    },
  };
}
