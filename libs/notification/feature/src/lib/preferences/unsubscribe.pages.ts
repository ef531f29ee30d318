import type { NotificationChannel } from '@massage/notification-domain';
import type { Language } from '@massage/notification-templates';
import { ONE_CLICK_BODY } from './unsubscribe-link';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A self-contained page (no scripts, styles or images from elsewhere); every text is escaped, `form` is markup. */
function page(language: Language, title: string, text: string, form = ''): string {
  return (
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>` +
    `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${form}</body></html>`
  );
}

const WORDS = {
  en: {
    what: { email: 'e-mails', sms: 'text messages' },
    confirmTitle: 'Unsubscribe?',
    confirmText: (what: string) => `Press the button to receive no more ${what} from us.`,
    button: 'Unsubscribe',
    doneTitle: 'Unsubscribed',
    doneText: (what: string) => `You will receive no more ${what} from us. Your clinic's front desk can turn them back on.`,
  },
  fr: {
    what: { email: 'courriels', sms: 'textos' },
    confirmTitle: 'Se désabonner ?',
    confirmText: (what: string) => `Appuyez sur le bouton pour ne plus recevoir de ${what} de notre part.`,
    button: 'Se désabonner',
    doneTitle: 'Désabonnement confirmé',
    doneText: (what: string) => `Vous ne recevrez plus de ${what} de notre part. L'accueil de votre clinique peut les réactiver.`,
  },
} as const;

/**
 * What `GET /unsubscribe` answers: a question and a button, nothing done yet (a mail filter that opens every link
 * must not opt anyone out). The form posts the one-click body to the same path and the same token.
 */
export function confirmUnsubscribePage(language: Language, channel: NotificationChannel, token: string): string {
  const words = WORDS[language];
  const form =
    `<form method="post" action="?token=${escapeHtml(encodeURIComponent(token))}">` +
    `<input type="hidden" name="${ONE_CLICK_BODY.name}" value="${ONE_CLICK_BODY.value}">` +
    `<button type="submit">${escapeHtml(words.button)}</button></form>`;
  return page(language, words.confirmTitle, words.confirmText(words.what[channel]), form);
}

/** What `POST /unsubscribe` answers once the opt-out is recorded (or was already). */
export function unsubscribedPage(language: Language, channel: NotificationChannel): string {
  const words = WORDS[language];
  return page(language, words.doneTitle, words.doneText(words.what[channel]));
}

/** A forged, cut or foreign token: the same answer for GET and POST, in English (nothing tells us the client). */
export function invalidLinkPage(): string {
  return page('en', 'Link not valid', 'This unsubscribe link is not valid. Please contact your clinic.');
}
