import { Body, Controller, Param, Put, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { NoteContentDto, type NoteResponse } from '@massage/treatment-api';
import { Command, idFromPath, type CommandContext } from '../../http/request-context';
import { TreatmentRefusalFilter } from '../../http/treatment-refusal.filter';
import { SaveNoteService } from './save-note.service';

@RequirePermission('clinical-note:write', { sessionParam: 'appointmentId' })
@UseFilters(TreatmentRefusalFilter)
@Controller('locations/:locationId/clients/:clientId/sessions/:appointmentId/note')
export class SaveNoteHttpController {
  constructor(private readonly service: SaveNoteService) {}

  /**
   * `PUT …/sessions/:appointmentId/note` → 200 NoteResponse. 404 before check-in opened the note; 403
   * `not-your-session`; 409 `note-signed`; 422 naming the screening rule for restricted work.
   */
  @Put()
  save(@Command() ctx: CommandContext, @Param('appointmentId') appointmentId: string, @Body() body: NoteContentDto): Promise<NoteResponse> {
    return this.service.save(ctx, idFromPath(appointmentId, 'note'), body);
  }
}
