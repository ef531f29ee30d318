import { Module, type DynamicModule } from '@nestjs/common';
import { ACCESS_REFUSAL_RECORDER } from '@massage/security';
import { AuditSealer } from './audit-sealer.service';
import { AUDIT_TRAIL, AUDIT_TRAIL_OPTIONS, AuditTrail, type AuditTrailOptions } from './audit-trail.service';

/**
 * A service's audit trail. Needs the service's TypeORM DataSource and MessagingModule (OutboxWriter);
 * the service adds `CreateAuditTrail1765100000000` and `SealAuditChain1767300000000` to its migrations. Runs the
 * service's `AuditSealer` (ADR 0025). Global, like MessagingModule:
 * import it once in the service module.
 */
@Module({})
export class AuditModule {
  static forService(options: AuditTrailOptions): DynamicModule {
    return {
      module: AuditModule,
      global: true,
      providers: [
        { provide: AUDIT_TRAIL_OPTIONS, useValue: options },
        AuditTrail,
        AuditSealer,
        { provide: AUDIT_TRAIL, useExisting: AuditTrail },
        { provide: ACCESS_REFUSAL_RECORDER, useExisting: AuditTrail },
      ],
      exports: [AuditTrail, AuditSealer, AUDIT_TRAIL, ACCESS_REFUSAL_RECORDER],
    };
  }
}
