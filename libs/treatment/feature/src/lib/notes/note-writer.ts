import { Injectable } from '@nestjs/common';
import type { NoteResponse } from '@massage/treatment-api';
import type { NoteActor, NoteContext, Outcome, SessionNote } from '@massage/treatment-domain';
import type { EntityManager } from 'typeorm';
import { noteActorOf } from '../care/care-access';
import { AuditedRecords, type IdempotentPost } from '../http/audited-records';
import { notFound, type CommandContext } from '../http/request-context';
import { toNoteResponse } from '../http/responses';
import { accepted } from '../http/treatment-refused';
import { readScreeningContext } from '../screening/screening-context';
import { activePlanId, goalIdsOf } from '../plans/plan.store';
import { findNote, storeNote } from './note.store';

/** One write to a note: the audited operation, its instant, the domain's step, what follows it (events), its Idempotency-Key if it creates. */
export interface NoteWrite {
  operation: 'note.save' | 'note.sign' | 'note.amend';
  at: Date;
  step: (input: NoteStepInput) => Promise<Outcome<SessionNote>>;
  after?: (manager: EntityManager, note: SessionNote) => Promise<unknown>;
  post?: IdempotentPost;
}

/** What a note step is given: the note as stored (with the plan it counts towards), who acts, the client's screening now and the plan's goals. */
export interface NoteStepInput {
  manager: EntityManager;
  note: SessionNote;
  actor: NoteActor;
  context: NoteContext;
}

/**
 * The shape of every write to a note (save, sign, amend): the note held for the transaction, the domain's step
 * (a refusal writes nothing and is audited naming its rule), what the step appended stored, then `after` (the
 * events) and the audit row, all in one transaction. A draft opened before the client had a plan counts towards
 * the plan active when it is written; PSFS scores must name that plan's goals.
 */
@Injectable()
export class NoteWriter {
  constructor(private readonly records: AuditedRecords) {}

  write(ctx: CommandContext, appointmentId: string, { operation, at, step, after, post }: NoteWrite): Promise<NoteResponse> {
    const work = async (manager: EntityManager) => {
      const stored = await findNote(manager, ctx, appointmentId, true);
      if (!stored) throw notFound('note');
      const planId = stored.planId ?? (stored.status === 'draft' ? await activePlanId(manager, stored.clientId, stored.locationId) : undefined);
      const note = planId ? { ...stored, planId } : stored;
      const actor = await noteActorOf(manager, ctx.actor, note.therapistId);
      const context = { ...(await readScreeningContext(manager, note.clientId, note.locationId)), goalIds: planId ? await goalIdsOf(manager, planId) : [] };
      const next = accepted(await step({ manager, note, actor, context }));
      await storeNote(manager, stored, next, at);
      await after?.(manager, next);
      return { value: toNoteResponse(next), resourceId: appointmentId };
    };
    return this.records.write(ctx, { operation, resourceType: 'session-note', resourceId: appointmentId }, work, post);
  }
}
