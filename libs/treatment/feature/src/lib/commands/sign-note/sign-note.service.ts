import { Inject, Injectable } from '@nestjs/common';
import { SessionLogged } from '@massage/contracts';
import { OutboxWriter } from '@massage/messaging';
import { CLOCK, type Clock } from '@massage/platform';
import type { NoteResponse } from '@massage/treatment-api';
import { signNote } from '@massage/treatment-domain';
import { sessionLoggedV1 } from '../../events/treatment-event-payloads';
import type { CommandContext } from '../../http/request-context';
import { NoteWriter } from '../../notes/note-writer';

/**
 * Signs a draft: the domain checks it is complete and its work still allowed, locks it and keeps the signed
 * content as version 1; SessionLogged goes out through the outbox in the same transaction.
 */
@Injectable()
export class SignNoteService {
  constructor(
    private readonly notes: NoteWriter,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  sign(ctx: CommandContext, appointmentId: string): Promise<NoteResponse> {
    const now = this.clock.now();
    return this.notes.write(ctx, appointmentId, {
      operation: 'note.sign',
      at: now,
      step: async ({ note, actor, context }) => signNote(note, actor, context, now),
      after: (manager, signed) => this.outbox.enqueue(manager, SessionLogged, sessionLoggedV1(signed), { correlationId: ctx.correlationId }),
    });
  }
}
