export type TemplateName =
  | 'welcome'
  | 'booking-confirmed'
  | 'booking-rescheduled'
  | 'booking-cancelled'
  | 'reminder'
  | 'pre-visit-check'
  | 'after-care'
  | 'clearance-request'
  | 'waitlist-offer'
  | 'licence-expiring';

export type Language = 'en' | 'fr';

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

/** Skeleton: the handlebars implementation follows. */
export function renderMessage(template: TemplateName, language: Language, data: Record<string, unknown>): RenderedMessage {
  throw new Error(`renderMessage(${template}, ${language}) is not implemented yet (${Object.keys(data).length} fields)`);
}
