import { Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingModule, messagingHealth } from '@massage/messaging';
import { HealthController, strictValidationPipe } from '@massage/platform';
import { databaseHealthChecksProvider } from '@massage/platform-database';
import { RegisterClientHttpController } from './commands/register-client/register-client.http.controller';
import { RegisterClientService } from './commands/register-client/register-client.service';
import { SubmitIntakeHttpController } from './commands/submit-intake/submit-intake.http.controller';
import { SubmitIntakeService } from './commands/submit-intake/submit-intake.service';
import { intakeDataSourceOptions } from './intake.database';
import { GetClientHttpController } from './queries/get-client/get-client.http.controller';
import { GetClientService } from './queries/get-client/get-client.service';
import { GetIntakeHttpController } from './queries/get-intake/get-intake.http.controller';
import { GetIntakeService } from './queries/get-intake/get-intake.service';
import { ListIntakesHttpController } from './queries/list-intakes/list-intakes.http.controller';
import { ListIntakesService } from './queries/list-intakes/list-intakes.service';

/**
 * The intake service: clients and signed intakes in `massage_intake`, events through the outbox
 * (the relay publishes them to Kafka). Every body is checked by the strict validation pipe.
 */
@Module({
  imports: [TypeOrmModule.forRootAsync({ useFactory: intakeDataSourceOptions }), MessagingModule.forService({ source: 'intake' })],
  controllers: [
    HealthController,
    RegisterClientHttpController,
    GetClientHttpController,
    SubmitIntakeHttpController,
    ListIntakesHttpController,
    GetIntakeHttpController,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: strictValidationPipe },
    databaseHealthChecksProvider(messagingHealth({ source: 'intake' })),
    RegisterClientService,
    SubmitIntakeService,
    GetClientService,
    GetIntakeService,
    ListIntakesService,
  ],
})
export class IntakeModule {}
