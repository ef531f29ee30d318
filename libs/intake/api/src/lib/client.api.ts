/** The preferred channel for confirmations, reminders and after-care instructions. */
export type PreferredChannel = 'email' | 'sms';
/** Every preferred channel, for validation and documentation. */
export const PREFERRED_CHANNELS = ['email', 'sms'] as const satisfies readonly PreferredChannel[];

/**
 * Body of `POST /clients`: registers a client at the caller's location (`x-location-id`).
 * At least one of `email` and `phone` is required; the preferred channel's contact must be given.
 */
export interface RegisterClientRequest {
  /** Given (first) name, 1–100 characters. */
  givenName: string;
  /** Family (last) name, 1–100 characters. */
  familyName: string;
  /** Email address (optional if `phone` is given; required when `preferredChannel` is `email`). */
  email?: string;
  /** Mobile phone in E.164 form, e.g. `+14165550123` (optional if `email` is given; required when `preferredChannel` is `sms`). */
  phone?: string;
  /** Channel the client wants to be contacted on: `email` or `sms`. */
  preferredChannel: PreferredChannel;
  /** Date of birth as `YYYY-MM-DD`; not in the future, at most 130 years ago. */
  dateOfBirth: string;
}

/** A registered client as intake stores it (answer of `POST /clients` and `GET /clients/:clientId`). */
export interface ClientResponse {
  /** Client id (uuid), assigned by intake. */
  id: string;
  /** Location code of the location that registered the client. */
  locationId: string;
  /** Given (first) name. */
  givenName: string;
  /** Family (last) name. */
  familyName: string;
  /** Email address, or null when none was given. */
  email: string | null;
  /** Phone in E.164 form, or null when none was given. */
  phone: string | null;
  /** Channel the client wants to be contacted on. */
  preferredChannel: PreferredChannel;
  /** Date of birth as `YYYY-MM-DD`. */
  dateOfBirth: string;
  /** When the client was registered (RFC 3339, UTC). */
  registeredAt: string;
}
