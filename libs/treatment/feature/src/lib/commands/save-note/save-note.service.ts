import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@massage/platform';
import type { NoteResponse, SaveNoteRequest } from '@massage/treatment-api';
import { saveNote } from '@massage/treatment-domain';
import type { CommandContext } from '../../http/request-context';
import { noteContentFrom } from '../../notes/note-content';
import { NoteWriter } from '../../notes/note-writer';

/**
 * Saves a draft note in full. Only the appointment's therapist writes it; work the client's screening restricts
 * is refused naming the rule (and the positions of the work lines); a signed note is refused (`note-signed`).
 */
@Injectable()
export class SaveNoteService {
  constructor(
    private readonly notes: NoteWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  save(ctx: CommandContext, appointmentId: string, body: SaveNoteRequest): Promise<NoteResponse> {
    const content = noteContentFrom(body);
    return this.notes.write(ctx, appointmentId, { operation: 'note.save', at: this.clock.now(), step: async ({ note, actor, context }) => saveNote(note, content, actor, context) });
  }
}
