import { Controller, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { NoteResponse } from '@massage/treatment-api';
import { Command, idFromPath, type CommandContext } from '../../http/request-context';
import { TreatmentRefusalFilter } from '../../http/treatment-refusal.filter';
import { SignNoteService } from './sign-note.service';

@RequirePermission('clinical-note:write', { sessionParam: 'appointmentId' })
@UseFilters(TreatmentRefusalFilter)
@Controller('locations/:locationId/clients/:clientId/sessions/:appointmentId/note')
export class SignNoteHttpController {
  constructor(private readonly service: SignNoteService) {}

  /** `POST …/note/sign` → 200 NoteResponse (signed, locked); 409 `note-signed`; 422 `note-incomplete` or a screening rule. */
  @Post('sign')
  @HttpCode(HttpStatus.OK)
  sign(@Command() ctx: CommandContext, @Param('appointmentId') appointmentId: string): Promise<NoteResponse> {
    return this.service.sign(ctx, idFromPath(appointmentId, 'note'));
  }
}
