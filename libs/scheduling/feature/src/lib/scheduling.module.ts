import { HealthController } from '@massage/platform';
import { databaseHealthCheckProvider } from '@massage/platform-database';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { schedulingDataSourceOptions } from './scheduling.database';

@Module({
  imports: [TypeOrmModule.forRootAsync({ useFactory: schedulingDataSourceOptions })],
  controllers: [HealthController],
  providers: [databaseHealthCheckProvider],
})
export class SchedulingModule {}
