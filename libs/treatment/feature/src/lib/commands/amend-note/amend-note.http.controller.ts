import { Body, Controller, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { AmendNoteRequestDto, type NoteResponse } from '@massage/treatment-api';
import { Command, IdempotencyKey, idFromPath, type CommandContext } from '../../http/request-context';
import { TreatmentRefusalFilter } from '../../http/treatment-refusal.filter';
import { AmendNoteService } from './amend-note.service';

@RequirePermission('clinical-note:write', { sessionParam: 'appointmentId' })
@UseFilters(TreatmentRefusalFilter)
@Controller('locations/:locationId/clients/:clientId/sessions/:appointmentId/note')
export class AmendNoteHttpController {
  constructor(private readonly service: AmendNoteService) {}

  /**
   * `POST …/note/amendments` (with `Idempotency-Key`) → 201 NoteResponse with the new version; 409 `note-not-signed` for a draft; 403
   * `not-your-session` unless the author or a supervising manager.
   */
  @Post('amendments')
  @HttpCode(HttpStatus.CREATED)
  amend(
    @Command() ctx: CommandContext,
    @Param('appointmentId') appointmentId: string,
    @IdempotencyKey() idempotencyKey: string,
    @Body() body: AmendNoteRequestDto,
  ): Promise<NoteResponse> {
    return this.service.amend(ctx, idFromPath(appointmentId, 'note'), idempotencyKey, body);
  }
}
