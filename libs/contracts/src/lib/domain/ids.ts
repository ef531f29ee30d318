/** Identifiers are UUIDs on the wire; the aliases say which aggregate an id names. */
export type ClientId = string;
export type LocationId = string;
export type IntakeId = string;
export type EventId = string;

export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/** Location codes are short, stable, human-readable slugs ("downtown-toronto"), used in tokens and keys. */
export const LOCATION_CODE_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
