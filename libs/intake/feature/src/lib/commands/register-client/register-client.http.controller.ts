import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { RegisterClientRequestDto, type ClientResponse } from '@massage/intake-api';
import { CallerLocation, CorrelationId } from '../../http/request-context';
import { RegisterClientService } from './register-client.service';

@Controller('clients')
export class RegisterClientHttpController {
  constructor(private readonly service: RegisterClientService) {}

  /** `POST /clients` → 201 ClientResponse. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  register(@CallerLocation() locationId: string, @CorrelationId() correlationId: string, @Body() body: RegisterClientRequestDto): Promise<ClientResponse> {
    return this.service.register({ locationId, correlationId, registration: body });
  }
}
