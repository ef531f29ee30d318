/** The channels a client can choose for confirmations, reminders and after-care instructions. */
export type NotificationChannel = 'email' | 'sms';

/**
 * What notification knows about how to reach a client: a local copy of the private contact topic.
 * Never health data: a message built from this can say hello, not what the intake said.
 */
export interface NotificationContact {
  clientId: string;
  locationId: string;
  givenName: string;
  familyName: string;
  email?: string | null;
  phone?: string | null;
  preferredChannel: NotificationChannel;
}
