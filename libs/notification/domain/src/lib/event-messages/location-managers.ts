/** Who receives a location's staff messages (the licence-expiry notice). */
export interface LocationManager {
  name: string;
  email: string;
}

const EMAIL = /^[^\s@<>,;:"]+@[^\s@<>,;:"]+\.[^\s@<>,;:"]+$/;

/**
 * The managers configured by location code, from `NOTIFICATION_LOCATION_MANAGERS`
 * (`{"downtown-toronto": {"name": "Mona Manager", "email": "mona@clinic.example"}}`): what a location without a
 * `notification_recipient` row falls back to. Throws on anything malformed, naming the location (read at the service's
 * start: a typo fails the start rather than a notice months later).
 */
export function parseLocationManagers(json: string | undefined): Readonly<Record<string, LocationManager>> {
  if (!json?.trim()) return {};
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('location managers: an object by location code expected');
  const managers: Record<string, LocationManager> = {};
  for (const [locationId, value] of Object.entries(parsed as Record<string, unknown>)) {
    const { name, email } = (value ?? {}) as Partial<Record<keyof LocationManager, unknown>>;
    if (typeof name !== 'string' || !name.trim() || name.length > 200) throw new Error(`location managers: ${locationId} needs a name`);
    if (typeof email !== 'string' || !EMAIL.test(email) || email.length > 254) throw new Error(`location managers: ${locationId} needs an e-mail address`);
    managers[locationId] = { name: name.trim(), email };
  }
  return managers;
}
