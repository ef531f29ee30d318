import { Injectable } from '@nestjs/common';
import type { NoteResponse } from '@massage/treatment-api';
import { AuditedRecords } from '../../http/audited-records';
import type { CommandContext } from '../../http/request-context';
import { toNoteResponse } from '../../http/responses';
import { findNote } from '../../notes/note.store';

/** A session's note with every signed version (the original first) and its amendments; the read is audited first. */
@Injectable()
export class GetNoteService {
  constructor(private readonly records: AuditedRecords) {}

  async get(ctx: CommandContext, appointmentId: string): Promise<NoteResponse> {
    const note = await this.records.read(ctx, { operation: 'note.read', resourceType: 'session-note', resourceId: appointmentId }, 'note', (m) => findNote(m, ctx, appointmentId));
    return toNoteResponse(note);
  }
}
