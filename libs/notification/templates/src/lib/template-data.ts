import { NOTIFICATION_KINDS } from '@massage/contracts';

/**
 * What each template needs. Values arrive ready to print: dates and times already formatted in the
 * client's language and the location's time zone by the caller, URLs absolute. Codes, never free text:
 * after-care advice and screening rules arrive as codes and the template files hold their words.
 *
 * A template per kind of message a client's NotificationSent names, and the licence notice to a manager (which is
 * about no client, so the contract has no kind for it).
 */
export const TEMPLATE_NAMES = [...NOTIFICATION_KINDS, 'licence-expiring'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Every message: who it is for, from which location, and where to stop receiving them. */
export interface CommonData {
  clientName: string;
  locationName: string;
  unsubscribeUrl: string;
}

/** A booked visit, in the location's local time (e.g. `Tuesday 9 March 2027`, `2:30 pm`, `America/Toronto`). */
export interface AppointmentData extends CommonData {
  localDate: string;
  localTime: string;
  timeZone: string;
  manageUrl?: string;
}

export interface TemplateData {
  welcome: CommonData;
  'booking-confirmed': AppointmentData;
  'booking-rescheduled': AppointmentData;
  'booking-cancelled': CommonData & {
    localDate: string;
    localTime: string;
    /** Cancelled inside the location's late-cancellation window. */
    late?: boolean;
  };
  reminder: AppointmentData;
  'pre-visit-check': CommonData & { localDate: string; localTime: string; formUrl: string };
  /** `advice`: codes from AFTER_CARE_ADVICE_CODES, usually `afterCareAdvice(work)`. */
  'after-care': CommonData & { advice: string[] };
  /**
   * A letter to the client's named provider. `ruleCodes`: screening rule codes (e.g. `DVT_HX`); the
   * letter prints their plain-language labels only.
   */
  'clearance-request': CommonData & {
    providerName: string;
    dateOfBirth: string;
    ruleCodes: string[];
    replyUrl: string;
    locationPhone?: string;
  };
  'waitlist-offer': CommonData & { localDate: string; localTime: string; acceptUrl: string; deadlineLocal: string };
  /** To the location's manager; `clientName` is the manager's name. */
  'licence-expiring': CommonData & { therapistName: string; jurisdiction: string; expiresOn: string };
}

type FieldKind = 'text' | 'flag' | 'codes';
interface FieldRule {
  kind: FieldKind;
  required: boolean;
}
type FieldRules<T> = { [K in keyof Required<T>]: FieldRule };

const text = { kind: 'text', required: true } as const;
const optionalText = { kind: 'text', required: false } as const;
const common: FieldRules<CommonData> = { clientName: text, locationName: text, unsubscribeUrl: text };
const appointment: FieldRules<AppointmentData> = {
  ...common,
  localDate: text,
  localTime: text,
  timeZone: text,
  manageUrl: optionalText,
};

/** The runtime shape of TemplateData; the mapped type makes the compiler keep the two in step. */
const TEMPLATE_FIELDS: { [T in TemplateName]: FieldRules<TemplateData[T]> } = {
  welcome: common,
  'booking-confirmed': appointment,
  'booking-rescheduled': appointment,
  'booking-cancelled': { ...common, localDate: text, localTime: text, late: { kind: 'flag', required: false } },
  reminder: appointment,
  'pre-visit-check': { ...common, localDate: text, localTime: text, formUrl: text },
  'after-care': { ...common, advice: { kind: 'codes', required: true } },
  'clearance-request': {
    ...common,
    providerName: text,
    dateOfBirth: text,
    ruleCodes: { kind: 'codes', required: true },
    replyUrl: text,
    locationPhone: optionalText,
  },
  'waitlist-offer': { ...common, localDate: text, localTime: text, acceptUrl: text, deadlineLocal: text },
  'licence-expiring': { ...common, therapistName: text, jurisdiction: text, expiresOn: text },
};

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function hasKind(value: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'text':
      return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
    case 'flag':
      return typeof value === 'boolean';
    case 'codes':
      return Array.isArray(value) && value.length > 0 && value.every((code) => typeof code === 'string' && code !== '');
  }
}

/**
 * Throws when a required field is missing or a field has the wrong shape, naming the template and the
 * field: a message with a blank date or "undefined" in it must never reach a client.
 */
export function assertTemplateData(template: TemplateName, data: Record<string, unknown>): void {
  const fields: Record<string, FieldRule> | undefined = TEMPLATE_FIELDS[template];
  if (!fields) throw new Error(`Unknown message template "${template}"`);
  for (const [field, rule] of Object.entries(fields)) {
    const value = data[field];
    if (!isPresent(value)) {
      if (rule.required) throw new Error(`Message template "${template}" needs the field "${field}"`);
      continue;
    }
    if (!hasKind(value, rule.kind)) {
      throw new Error(`Message template "${template}": the field "${field}" must be ${describeKind(rule.kind)}`);
    }
  }
}

function describeKind(kind: FieldKind): string {
  return { text: 'text', flag: 'true or false', codes: 'a non-empty list of codes' }[kind];
}

/** The required fields of a template (for tests and previews). */
export function requiredFields(template: TemplateName): string[] {
  const fields: Record<string, FieldRule> = TEMPLATE_FIELDS[template];
  return Object.entries(fields)
    .filter(([, rule]) => rule.required)
    .map(([field]) => field);
}
