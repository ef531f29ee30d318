import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SessionNoteAmended } from '@massage/contracts';
import { OutboxWriter } from '@massage/messaging';
import { CLOCK, type Clock } from '@massage/platform';
import type { AmendNoteRequest, NoteResponse } from '@massage/treatment-api';
import { amendNote } from '@massage/treatment-domain';
import { sessionNoteAmendedV1 } from '../../events/treatment-event-payloads';
import type { CommandContext } from '../../http/request-context';
import { noteContentFrom } from '../../notes/note-content';
import { NoteWriter } from '../../notes/note-writer';

/**
 * Amends a signed note: author, reason, time and kind, and the content as it is to read now, kept as the next
 * version; every version before it stays as it was (the tables refuse a change). SessionNoteAmended carries the
 * sections changed and, when the work or pain changed, those lines as they now stand.
 */
@Injectable()
export class AmendNoteService {
  constructor(
    private readonly notes: NoteWriter,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  amend(ctx: CommandContext, appointmentId: string, idempotencyKey: string, body: AmendNoteRequest): Promise<NoteResponse> {
    const now = this.clock.now();
    const request = { amendmentId: randomUUID(), kind: body.kind, reason: body.reason, content: noteContentFrom(body.content) };
    return this.notes.write(ctx, appointmentId, {
      operation: 'note.amend',
      at: now,
      step: async ({ note, actor, context }) => amendNote(note, request, actor, context, now),
      after: async (manager, amended) => {
        const amendment = amended.amendments.find((a) => a.amendmentId === request.amendmentId);
        if (!amendment) throw new Error(`amendment ${request.amendmentId} missing from the amended note`);
        await this.outbox.enqueue(manager, SessionNoteAmended, sessionNoteAmendedV1(amended, amendment), { correlationId: ctx.correlationId });
      },
      post: { key: idempotencyKey, path: `/sessions/${appointmentId}/note/amendments`, body },
    });
  }
}
