import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { SubmitIntakeRequestDto, type IntakeResponse } from '@massage/intake-api';
import { CallerLocation, CorrelationId, idFromPath } from '../../http/request-context';
import { SubmitIntakeService } from './submit-intake.service';

@Controller('clients/:clientId/intakes')
export class SubmitIntakeHttpController {
  constructor(private readonly service: SubmitIntakeService) {}

  /** `POST /clients/:clientId/intakes` → 201 IntakeResponse; 400 without consent; 404 for another location's client. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  submit(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @Param('clientId') clientId: string,
    @Body() body: SubmitIntakeRequestDto,
  ): Promise<IntakeResponse> {
    return this.service.submit({ locationId, correlationId, clientId: idFromPath(clientId, 'client'), submission: body });
  }
}
