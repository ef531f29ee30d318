import { HealthController } from '@massage/platform';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { schedulingDataSourceOptions } from './scheduling.database';

@Module({
  imports: [TypeOrmModule.forRootAsync({ useFactory: schedulingDataSourceOptions })],
  controllers: [HealthController],
})
export class SchedulingModule {}
