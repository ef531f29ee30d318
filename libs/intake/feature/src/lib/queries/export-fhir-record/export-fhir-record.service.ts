import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { clientRecordFhirBundle, type IntakeScreeningCodes, type StoredIntake } from '@massage/intake-domain';
import { CLOCK, type Clock } from '@massage/platform';
import type { Bundle } from '@medplum/fhirtypes';
import { DataSource } from 'typeorm';
import { ClientEntity } from '../../client.entity';
import { notFound, type ReadContext } from '../../http/request-context';
import { IntakeEntity } from '../../intake.entity';
import { ScreeningResultEntity } from '../../screening/screening-result.entity';

/**
 * Intake's part of a client's FHIR record (ADR 0023): the Patient as registered (no telecom once the contact was
 * erased) and every completed intake as a QuestionnaireResponse with the codes of the screening its answers produced
 * (the first screening of that intake). 404 when the client is not the location's. Audited before answering.
 */
@Injectable()
export class ExportFhirRecordService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async export({ actor, locationId, correlationId }: ReadContext, clientId: string): Promise<Bundle> {
    const read = { actor, action: 'read', operation: 'record.export-fhir', resourceType: 'client', resourceId: clientId, clientId, locationId, correlationId } as const;
    const client = await this.dataSource.getRepository(ClientEntity).findOneBy({ id: clientId, locationId });
    if (!client) {
      await this.audit.recordNow({ ...read, outcome: 'refused', reason: 'not-found' });
      throw notFound('client');
    }
    const intakes = await this.dataSource.getRepository(IntakeEntity).find({ where: { clientId, locationId }, order: { submittedAt: 'ASC', id: 'ASC' } });
    const screenings = await this.dataSource.getRepository(ScreeningResultEntity).find({ where: { clientId, locationId }, order: { seq: 'ASC' } });
    await this.audit.recordNow({ ...read, outcome: 'allowed' });
    const firstScreening = new Map<string, IntakeScreeningCodes>();
    for (const s of screenings) {
      if (!firstScreening.has(s.intakeId)) firstScreening.set(s.intakeId, { screeningId: s.id, outcome: s.outcome, tableVersion: s.tableVersion, rules: [...new Set(s.restrictions.map((r) => r.rule))] });
    }
    const stored = intakes.map((i): StoredIntake => {
      const screening = firstScreening.get(i.id);
      return {
        intakeId: i.id,
        formVersion: i.formVersion,
        kind: i.kind,
        previousIntakeId: i.previousIntakeId,
        submittedAt: i.submittedAt,
        answers: i.answers,
        healthHistoryV1: i.healthHistory,
        pressurePreferenceV1: i.pressurePreference,
        goals: i.goals,
        consent: { textVersion: i.consentTextVersion, signedAt: i.consentSignedAt },
        ...(screening ? { screening } : {}),
      };
    });
    const identity = { clientId: client.id, givenName: client.givenName, familyName: client.familyName, dateOfBirth: client.dateOfBirth, email: client.email, phone: client.phone, contactErasedAt: client.contactErasedAt };
    return clientRecordFhirBundle(identity, stored, { exportedAt: this.clock.now() });
  }
}
