/**
 * What one run of a scenario did, counted from what producers committed and what consumers applied.
 * Pure: the readers (run-ledger.ts) fetch the rows, this decides.
 */

/** An event a producer committed (an outbox row) that a consumer must apply. */
export interface CommittedEvent {
  id: string;
  seq: number;
  topic: string;
  key: string;
  type: string;
  /** When the producing transaction began (outbox.created_at), ms. */
  committedAt: number;
  /**
   * An IntakeCompleted (v1 or v2): its client (the key) must end welcomed, once. Notification welcomes a
   * client after the first of these it handles and never again (ADR 0011), so the welcome is checked per client.
   */
  welcomes: boolean;
}

/** A welcome delivery row of one client. */
export interface WelcomeDelivery {
  /** The event that triggered it (its Message-ID derives from it). */
  trigger: string;
  status: string;
  sentAt: number | null;
}

/** Everything the consumer side shows for the run. */
export interface ConsumerEvidence {
  /** inbox rows of the run's group: event id → the times it was handled (more than one = applied twice). */
  handled: ReadonlyMap<string, readonly number[]>;
  /** Welcome delivery rows by client id, one entry per row (more than one = welcomed twice). */
  deliveries: ReadonlyMap<string, readonly WelcomeDelivery[]>;
  /** NotificationSent rows in notification's outbox, by triggering event id. */
  notificationsSent: ReadonlyMap<string, number>;
  /** Mails the SMTP catcher stored, by the event id their Message-ID derives from. */
  mails: ReadonlyMap<string, number>;
  /** `ce_id` of every record in the group's dead-letter topic. */
  deadLettered: ReadonlySet<string>;
}

export interface RunVerdictInput {
  committed: readonly CommittedEvent[];
  evidence: ConsumerEvidence;
  /** Records the scenario made to be dead-lettered (poison), whether or not they are outbox events. */
  expectedDeadLetters: ReadonlySet<string>;
  /** When the fault ended (ms); recovery is measured from here. */
  faultEndedAt: number;
  /** An event applied later than this after its commit was held up by the fault (it was in the backlog). */
  lateAfterMs: number;
}

/** The counts of the table, per run and summed per scenario. */
export interface EffectCounts {
  events: number;
  /** Committed (or injected poison), never applied and not dead-lettered as expected. */
  lost: number;
  /** Extra applications: inbox rows beyond one per event; welcome deliveries and NotificationSent beyond one per client. */
  duplicated: number;
  /** Events applied before an earlier event (outbox seq) of the same topic and key. */
  orderViolations: number;
  /** Poison records found in the dead-letter topic. */
  deadLettered: number;
  /** Extra welcome e-mails: copies of the same Message-ID, or a client's second welcome. */
  duplicateMails: number;
}

export interface RunVerdict extends EffectCounts {
  /**
   * From the fault's end until the last event held up by it (applied more than `lateAfterMs` after its
   * commit) was applied; 0 when none was held up; null when some event was never applied nor dead-lettered.
   */
  recoveryMs: number | null;
  details: {
    notHandled: number;
    notWelcomed: number;
    noMail: number;
    unexpectedDeadLetters: number;
    poisonNotDeadLettered: number;
    examples: string[];
  };
}

export function judgeRun(input: RunVerdictInput): RunVerdict {
  const { committed, evidence, expectedDeadLetters } = input;
  const details: RunVerdict['details'] = { notHandled: 0, notWelcomed: 0, noMail: 0, unexpectedDeadLetters: 0, poisonNotDeadLettered: 0, examples: [] };
  const note = (line: string): void => {
    if (details.examples.length < 10) details.examples.push(line);
  };
  let lost = 0;
  let duplicated = 0;
  let duplicateMails = 0;
  let deadLettered = 0;
  let stuck = 0;
  let lastLateAppliedAt = Number.NEGATIVE_INFINITY;
  const appliedAt = new Map<string, number>();

  for (const event of committed) {
    const handled = evidence.handled.get(event.id) ?? [];
    duplicated += Math.max(0, handled.length - 1);
    if (expectedDeadLetters.has(event.id)) continue; // counted with the injected poison below
    if (handled.length === 0) {
      details.notHandled += 1;
      lost += 1;
      if (evidence.deadLettered.has(event.id)) details.unexpectedDeadLetters += 1;
      else stuck += 1;
      note(`${event.type} ${event.id} (key ${event.key}): notHandled${evidence.deadLettered.has(event.id) ? ' (dead-lettered)' : ''}`);
      continue;
    }
    const firstHandled = Math.min(...handled);
    appliedAt.set(event.id, firstHandled);
    if (firstHandled - event.committedAt > input.lateAfterMs) lastLateAppliedAt = Math.max(lastLateAppliedAt, firstHandled);
  }

  // The welcome, once per client that completed an intake (not a poison client, whose welcome is meant to fail).
  const byId = new Map(committed.map((e) => [e.id, e]));
  for (const [client, events] of groupByKey(committed.filter((e) => e.welcomes))) {
    if (events.some((e) => expectedDeadLetters.has(e.id))) continue;
    const deliveries = evidence.deliveries.get(client) ?? [];
    const triggers = deliveries.map((d) => d.trigger);
    const notices = triggers.reduce((n, t) => n + (evidence.notificationsSent.get(t) ?? 0), 0);
    const mails = triggers.reduce((n, t) => n + (evidence.mails.get(t) ?? 0), 0);
    duplicated += Math.max(0, deliveries.length - 1) + Math.max(0, notices - 1);
    duplicateMails += Math.max(0, mails - 1);
    const sent = deliveries.find((d) => d.status === 'sent');
    const missing = !sent ? 'notWelcomed' : mails === 0 ? 'noMail' : undefined;
    if (missing) {
      details[missing] += 1;
      lost += 1;
      if (!events.some((e) => evidence.deadLettered.has(e.id))) stuck += 1;
      note(`client ${client}: ${missing}`);
      continue;
    }
    const trigger = byId.get(sent?.trigger ?? '');
    const sentAt = sent?.sentAt ?? Number.NEGATIVE_INFINITY;
    if (trigger && sentAt - trigger.committedAt > input.lateAfterMs) lastLateAppliedAt = Math.max(lastLateAppliedAt, sentAt);
  }

  for (const id of expectedDeadLetters) {
    if (evidence.deadLettered.has(id)) deadLettered += 1;
    else {
      lost += 1;
      details.poisonNotDeadLettered += 1;
      note(`poison record ${id} was never dead-lettered`);
    }
  }

  const orderViolations = countOrderViolations(committed, appliedAt);
  // Drained: nothing is still waiting (applied, or given up on into the dead-letter topic).
  const recoveryMs = stuck === 0 ? Math.max(0, lastLateAppliedAt - input.faultEndedAt) : null;
  const committedIds = new Set(committed.map((e) => e.id));
  return {
    events: committed.length + [...expectedDeadLetters].filter((id) => !committedIds.has(id)).length,
    lost,
    duplicated,
    orderViolations,
    deadLettered,
    duplicateMails,
    recoveryMs,
    details,
  };
}

function groupByKey(events: readonly CommittedEvent[]): Map<string, CommittedEvent[]> {
  const byKey = new Map<string, CommittedEvent[]>();
  for (const event of events) byKey.set(event.key, [...(byKey.get(event.key) ?? []), event]);
  return byKey;
}

/** Per topic and key, in outbox order: an event handled before one committed ahead of it is a violation. */
export function countOrderViolations(committed: readonly CommittedEvent[], handledAt: ReadonlyMap<string, number>): number {
  const byKey = new Map<string, CommittedEvent[]>();
  for (const event of committed) {
    if (!handledAt.has(event.id)) continue;
    const key = `${event.topic}\u0000${event.key}`;
    byKey.set(key, [...(byKey.get(key) ?? []), event]);
  }
  let violations = 0;
  for (const events of byKey.values()) {
    let latest = Number.NEGATIVE_INFINITY;
    for (const event of events.sort((a, b) => a.seq - b.seq)) {
      const at = handledAt.get(event.id) as number;
      if (at < latest) violations += 1;
      latest = Math.max(latest, at);
    }
  }
  return violations;
}
