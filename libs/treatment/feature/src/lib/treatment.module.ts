import { HealthController } from '@massage/platform';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { treatmentDataSourceOptions } from './treatment.database';

@Module({
  imports: [TypeOrmModule.forRootAsync({ useFactory: treatmentDataSourceOptions })],
  controllers: [HealthController],
})
export class TreatmentModule {}
