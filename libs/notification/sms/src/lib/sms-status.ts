import { isRecord } from './json-value';

/**
 * Infobip's message status object (send responses and delivery reports alike) and error object (delivery
 * reports): `{groupId, groupName, id, name, description}`, the error with a `permanent` flag. Groups:
 * 1 PENDING, 2 UNDELIVERABLE, 3 DELIVERED, 4 EXPIRED, 5 REJECTED (Infobip "Message status codes").
 * We decide by group, never by a status id, so a new id in a known group needs no code change.
 */
export type SmsStatusGroup = 'PENDING' | 'UNDELIVERABLE' | 'DELIVERED' | 'EXPIRED' | 'REJECTED';

export interface SmsStatus {
  groupId: number;
  groupName: string;
  id: number;
  name: string;
  description?: string;
}

export interface SmsError {
  groupId: number;
  groupName: string;
  id: number;
  name: string;
  description?: string;
  permanent: boolean;
}

const GROUPS: Record<number, SmsStatusGroup> = { 1: 'PENDING', 2: 'UNDELIVERABLE', 3: 'DELIVERED', 4: 'EXPIRED', 5: 'REJECTED' };

export function statusGroup(status: Pick<SmsStatus, 'groupId' | 'groupName'>): SmsStatusGroup | undefined {
  return GROUPS[status.groupId] ?? (Object.values(GROUPS).find((name) => name === status.groupName) as SmsStatusGroup | undefined);
}

/** Undeliverable, expired and rejected messages will not be delivered: a retry with the same id cannot help. */
export function isFailedGroup(group: SmsStatusGroup | undefined): boolean {
  return group === 'UNDELIVERABLE' || group === 'EXPIRED' || group === 'REJECTED';
}

/**
 * Final unless pending. DELIVERED_TO_OPERATOR (id 2) sits in the DELIVERED group but is documented as
 * intermediate: a handset report may follow, so it is not final.
 */
export function isFinalStatus(status: SmsStatus): boolean {
  const group = statusGroup(status);
  if (group === undefined || group === 'PENDING') return false;
  return !(group === 'DELIVERED' && status.name === 'DELIVERED_TO_OPERATOR');
}

export function readStatus(value: unknown): SmsStatus | undefined {
  if (!isRecord(value)) return undefined;
  const { groupId, groupName, id, name, description } = value;
  if (typeof groupId !== 'number' || typeof groupName !== 'string' || typeof id !== 'number' || typeof name !== 'string') return undefined;
  return { groupId, groupName, id, name, ...(typeof description === 'string' ? { description } : {}) };
}

export function readError(value: unknown): SmsError | undefined {
  const base = readStatus(value);
  if (base === undefined || !isRecord(value)) return undefined;
  return { ...base, permanent: value['permanent'] === true };
}
