import { HealthController } from '@massage/platform';
import { databaseHealthCheckProvider } from '@massage/platform-database';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { treatmentDataSourceOptions } from './treatment.database';

@Module({
  imports: [TypeOrmModule.forRootAsync({ useFactory: treatmentDataSourceOptions })],
  controllers: [HealthController],
  providers: [databaseHealthCheckProvider],
})
export class TreatmentModule {}
