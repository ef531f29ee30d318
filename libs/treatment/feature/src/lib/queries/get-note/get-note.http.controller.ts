import { Controller, Get, Param } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { NoteResponse } from '@massage/treatment-api';
import { Command, idFromPath, type CommandContext } from '../../http/request-context';
import { GetNoteService } from './get-note.service';

@RequirePermission('clinical-note:read', { clientParam: 'clientId' })
@Controller('locations/:locationId/clients/:clientId/sessions/:appointmentId/note')
export class GetNoteHttpController {
  constructor(private readonly service: GetNoteService) {}

  /** `GET …/sessions/:appointmentId/note` → 200 NoteResponse; 404 when there is none (no check-in yet) or not the client's here. */
  @Get()
  get(@Command() ctx: CommandContext, @Param('appointmentId') appointmentId: string): Promise<NoteResponse> {
    return this.service.get(ctx, idFromPath(appointmentId, 'note'));
  }
}
