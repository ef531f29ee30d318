import { HealthController } from '@massage/platform';
import { databaseHealthCheckProvider } from '@massage/platform-database';
import { serviceTrustProviders } from '@massage/platform-security';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { treatmentDataSourceOptions } from './treatment.database';

@Module({
  imports: [TypeOrmModule.forRootAsync({ useFactory: treatmentDataSourceOptions })],
  controllers: [HealthController],
  // Routes are born under the access rules: identity only from the gateway's assertion, every route declared (docs/security.md).
  providers: [databaseHealthCheckProvider, ...serviceTrustProviders('treatment')],
})
export class TreatmentModule {}
