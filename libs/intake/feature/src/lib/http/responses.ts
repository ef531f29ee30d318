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

export function toIntakeResponse(i: IntakeEntity): IntakeResponse {
  return {
    id: i.id,
    clientId: i.clientId,
    locationId: i.locationId,
    formVersion: i.formVersion,
    submittedAt: i.submittedAt.toISOString(),
    conditions: i.healthHistory.conditions,
    medications: i.healthHistory.medications,
    recentInjuryOrSurgery: i.healthHistory.recentInjuryOrSurgery,
    painAreas: i.healthHistory.painAreas,
    goals: i.goals,
    pressurePreference: i.pressurePreference,
    consent: { given: true, signedName: i.consentSignedName, signedAt: i.consentSignedAt.toISOString() },
  };
}
