import type { NotificationFailureReason } from '@massage/contracts';
import { localStart, parseLocationManagers, singleLine, type EventMessageKind, type LocationManager } from '@massage/notification-domain';
import type { Language, TemplateName } from '@massage/notification-templates';
import type { EntityManager } from 'typeorm';
import type { MessageLocation } from '../appointments/message-location';

/** What the worker knows of a due event message's row. */
export interface EventMessageRow {
  kind: EventMessageKind;
  client_id: string | null;
  location_id: string;
  payload: Record<string, unknown>;
}

export interface ComposedEventMessage {
  outcome: 'compose';
  to: { name: string; address: string };
  template: TemplateName;
  language: Language;
  data: Record<string, unknown>;
  /** Present when the message goes to the client: the worker applies their opt-outs and preferences. */
  client?: { clientId: string; email: string | null };
}

/** What to do with a due event message: send it (composed), give it up, wait for what it lacks, or drop it. */
export type EventMessageDecision =
  | ComposedEventMessage
  | { outcome: 'failed'; reason: NotificationFailureReason | 'no-recipient' }
  | { outcome: 'retry'; description: string }
  | { outcome: 'stale'; description: string };

/** `NOTIFICATION_LOCATION_MANAGERS`: the manager of a location without a `notification_recipient` row (read once, at start). */
let managers: Readonly<Record<string, LocationManager>> | undefined;
export function configuredManagers(): Readonly<Record<string, LocationManager>> {
  managers ??= parseLocationManagers(process.env['NOTIFICATION_LOCATION_MANAGERS']);
  return managers;
}

interface ClientContact {
  given_name: string;
  family_name: string;
  email: string | null;
  language: Language;
  date_of_birth: string | null;
}

/**
 * Who an event message goes to and what its template shows, read in the worker's transaction at send time (the
 * contact as it is then: an erased client is no longer reachable). Ids, codes and instants from the row's payload;
 * the words are the templates'.
 */
export async function composeEventMessage(
  manager: EntityManager,
  row: EventMessageRow,
  location: MessageLocation,
  now: Date,
  publicUrl: string,
): Promise<EventMessageDecision> {
  // An offer whose hold has run out (it waited for the contact, or the worker was down) offers nothing any more.
  const expiresAt = row.kind === 'waitlist-offer' ? new Date(row.payload['expiresAt'] as string) : undefined;
  if (expiresAt && now.getTime() >= expiresAt.getTime()) return { outcome: 'stale', description: `the offer's hold ran out at ${expiresAt.toISOString()}` };
  const { name: locationName, timeZone } = location;
  if (row.kind === 'licence-expiring') {
    const [held] = (await manager.query(`SELECT name, email FROM notification_recipient WHERE location_id = $1 AND role = 'manager'`, [row.location_id])) as LocationManager[];
    const recipient = held ?? configuredManagers()[row.location_id];
    if (!recipient) return { outcome: 'failed', reason: 'no-recipient' };
    const p = row.payload as { therapistId: string; jurisdiction: string; expiresOn: string };
    return {
      outcome: 'compose',
      to: { name: singleLine(recipient.name), address: recipient.email },
      template: 'licence-expiring',
      language: 'en',
      // No name travels with the licence events (scheduling keeps none): the notice names the therapist's id.
      data: { clientName: recipient.name, locationName, unsubscribeUrl: `${publicUrl}/locations/${row.location_id}/recipients`, therapistName: p.therapistId, jurisdiction: p.jurisdiction, expiresOn: p.expiresOn },
    };
  }
  const clientId = row.client_id;
  // Every kind but the licence notice is written with its client (EventMessagesService); a row without one has nobody to go to.
  if (clientId === null) return { outcome: 'failed', reason: 'no-recipient' };
  const [contact] = (await manager.query(`SELECT given_name, family_name, email, language, date_of_birth::text FROM contact WHERE client_id = $1`, [clientId])) as ClientContact[];
  // The contact travels on another topic and may lag: wait for it, within the retries.
  if (!contact) return { outcome: 'retry', description: 'contact not known yet' };
  if (row.kind === 'clearance-request') return composeClearanceLetter(manager, row, contact, locationName, publicUrl);
  if (!contact.email) return { outcome: 'failed', reason: 'unreachable' };
  const to = { name: singleLine(`${contact.given_name} ${contact.family_name}`), address: contact.email };
  const client = { clientId, email: contact.email };
  const common = { clientName: contact.given_name, locationName, unsubscribeUrl: `${publicUrl}/clients/${clientId}/preferences` };
  switch (row.kind) {
    case 'after-care':
      return { outcome: 'compose', to, client, template: 'after-care', language: contact.language, data: { ...common, advice: row.payload['advice'] } };
    case 'waitlist-offer': {
      const p = row.payload as { offerId: string; startsAt: string };
      const deadline = localStart({ startsAt: expiresAt as Date, timeZone });
      return {
        outcome: 'compose',
        to,
        client,
        template: 'waitlist-offer',
        language: contact.language,
        data: {
          ...common,
          ...localStart({ startsAt: new Date(p.startsAt), timeZone }),
          acceptUrl: `${publicUrl}/waitlist/offers/${p.offerId}`,
          deadlineLocal: `${deadline.localDate} ${deadline.localTime} (${timeZone})`,
        },
      };
    }
  }
}

/**
 * The letter to the provider asked for a clearance, in the client's language: the client's full name and date of
 * birth (the physician identifies the patient by them), the rules' labels (the template's words for the codes), a
 * reply link. The provider comes with the client's private contact record, which may lag the request: wait for it,
 * within the retries; an erased client's providers are gone, so their letter is never sent.
 */
async function composeClearanceLetter(
  manager: EntityManager,
  row: EventMessageRow,
  contact: ClientContact,
  locationName: string,
  publicUrl: string,
): Promise<EventMessageDecision> {
  const p = row.payload as { clearanceId: string; rules: string[] };
  const [provider] = (await manager.query(`SELECT name, email FROM clearance_provider WHERE clearance_id = $1 AND client_id = $2`, [p.clearanceId, row.client_id])) as {
    name: string;
    email: string;
  }[];
  if (!provider || !contact.date_of_birth) return { outcome: 'retry', description: 'the provider or the date of birth not known yet' };
  const replyUrl = `${publicUrl}/clearances/${p.clearanceId}/reply`;
  return {
    outcome: 'compose',
    to: { name: singleLine(provider.name), address: provider.email },
    template: 'clearance-request',
    language: contact.language,
    data: {
      clientName: singleLine(`${contact.given_name} ${contact.family_name}`),
      locationName,
      unsubscribeUrl: replyUrl,
      providerName: singleLine(provider.name),
      dateOfBirth: contact.date_of_birth,
      ruleCodes: p.rules,
      replyUrl,
    },
  };
}
