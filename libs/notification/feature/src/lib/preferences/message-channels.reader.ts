import { messageChannels, type MessagePurpose, type NotificationChannel } from '@massage/notification-domain';
import type { EntityManager } from 'typeorm';
import { readPreferences } from './client-preferences.store';

export interface ClientChannels {
  /** The channels to write rows for. */
  channels: NotificationChannel[];
  /** The client chose to receive messages in quiet hours. */
  quietHoursOptOut: boolean;
}

/**
 * The channels of one message to a client when it is planned (`messageChannels`, README "Channels"). The contact not
 * known yet (it travels on another topic): e-mail, which the worker holds until the contact arrives. No channel
 * usable: a row on the preferred channel all the same, which the worker records `failed` with the reason when due
 * (a message never sent is visible in the client's messages rather than missing).
 */
export async function channelsForClient(manager: EntityManager, clientId: string, purpose: MessagePurpose): Promise<ClientChannels> {
  const preferences = await readPreferences(manager, clientId);
  const [contact] = (await manager.query(`SELECT email, phone, preferred_channel FROM contact WHERE client_id = $1`, [clientId])) as {
    email: string | null;
    phone: string | null;
    preferred_channel: NotificationChannel;
  }[];
  if (!contact) return { channels: ['email'], quietHoursOptOut: preferences.quietHoursOptOut };
  const plan = messageChannels({ email: contact.email, phone: contact.phone, preferredChannel: contact.preferred_channel }, preferences, purpose);
  return { channels: plan.send.length > 0 ? plan.send : [contact.preferred_channel], quietHoursOptOut: preferences.quietHoursOptOut };
}
