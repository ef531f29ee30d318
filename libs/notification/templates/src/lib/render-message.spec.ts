import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderMessage, TEMPLATES_DIR_ENV, templatesDir } from './render-message';
import { LANGUAGES, requiredFields, TEMPLATE_NAMES, type Language, type TemplateName } from './template-data';
import { templateExamples } from './template-examples';
import { MAX_SMS_SEGMENTS, smsLength } from './sms-length';

const cases = LANGUAGES.flatMap((language) => TEMPLATE_NAMES.map((template) => [template, language] as [TemplateName, Language]));
const example = (template: TemplateName, language: Language): Record<string, unknown> => ({ ...templateExamples(language)[template] });
const without = (data: object, ...fields: string[]): Record<string, unknown> =>
  Object.fromEntries(Object.entries(data).filter(([field]) => !fields.includes(field)));
const STOP = { en: 'Reply STOP to opt out', fr: 'Répondez STOP pour ne plus recevoir de SMS' };

describe('renderMessage', () => {
  describe.each(cases)('%s in %s', (template, language) => {
    const data = example(template, language);
    const message = renderMessage(template, language, data);

    it('renders every part', () => {
      for (const part of ['subject', 'text', 'html', 'sms'] as const) expect(message[part].trim()).not.toBe('');
      expect(message.subject).not.toMatch(/\n/);
      expect(message.html).toMatch(/^<!doctype html>/);
      expect(message.html).toContain(`<html lang="${language}">`);
      expect(message.text).not.toMatch(/\n[ \t]*\n[ \t]*\n/);
    });

    it('never prints a missing value', () => {
      const everything = Object.values(message).join('\n');
      expect(everything).not.toMatch(/undefined|null|\[object Object\]|\{\{/);
    });

    it('carries the unsubscribe link in text and HTML, and the opt-out in the SMS', () => {
      expect(message.text).toContain(String(data['unsubscribeUrl']));
      expect(message.html).toContain(`href="${String(data['unsubscribeUrl'])}"`);
      expect(message.sms.endsWith(STOP[language])).toBe(true);
    });

    it(`keeps the SMS within ${MAX_SMS_SEGMENTS} segments, and in GSM-7 (no accent of the template forces UCS-2)`, () => {
      expect(smsLength(message.sms)).toMatchObject({ encoding: 'GSM-7' });
      expect(smsLength(message.sms).segments).toBeLessThanOrEqual(MAX_SMS_SEGMENTS);
    });

    it('renders with the required fields only', () => {
      const required = Object.fromEntries(requiredFields(template).map((field) => [field, data[field]]));
      const minimal = renderMessage(template, language, required);
      expect(Object.values(minimal).join('\n')).not.toMatch(/undefined|null/);
      expect(minimal.text).not.toMatch(/\n[ \t]*\n[ \t]*\n/);
    });

    it.each(requiredFields(template))('throws naming the template when "%s" is missing', (field) => {
      const rest = without(data, field);
      expect(() => renderMessage(template, language, rest)).toThrow(`"${template}" needs the field "${field}"`);
      expect(() => renderMessage(template, language, { ...rest, [field]: '' })).toThrow(`"${field}"`);
    });
  });

  it('escapes HTML in the HTML part only', () => {
    const data = { ...example('booking-confirmed', 'en'), clientName: '<script>alert("x")</script> & Co' };
    const message = renderMessage('booking-confirmed', 'en', data);
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(message.text).toContain('Hello <script>alert("x")</script> & Co,');
    expect(message.text).not.toContain('&lt;');
  });

  it('escapes values in the shared layout too', () => {
    const data = { ...example('welcome', 'fr'), locationName: 'Rosé & <b>Co</b>' };
    const { html, text, sms } = renderMessage('welcome', 'fr', data);
    expect(html).not.toContain('<b>Co</b>');
    expect(text).toContain('Rosé & <b>Co</b>');
    expect(sms).toContain('Rosé & <b>Co</b>');
  });

  it('keeps the welcome wording of the mail sent today', () => {
    const { subject, text } = renderMessage('welcome', 'en', example('welcome', 'en'));
    expect(subject).toBe('Welcome to Downtown Toronto, Alex Martin');
    expect(text).toContain('Thank you for completing your intake form at our Downtown Toronto location.');
    expect(text).toContain('we ask at every visit.');
  });

  it('shows optional details only when given', () => {
    const data = example('booking-cancelled', 'en');
    expect(renderMessage('booking-cancelled', 'en', data).text).toContain('late-cancellation window');
    expect(renderMessage('booking-cancelled', 'en', { ...data, late: false }).text).not.toContain('late-cancellation window');
    const reminder = without(example('reminder', 'fr'), 'manageUrl');
    const rendered = renderMessage('reminder', 'fr', reminder);
    expect(rendered.text).not.toContain('merci de nous le dire');
    expect(rendered.sms).not.toContain('imprévu');
  });

  it('refuses a value of the wrong shape', () => {
    expect(() => renderMessage('booking-cancelled', 'en', { ...example('booking-cancelled', 'en'), late: 'yes' })).toThrow(
      'the field "late" must be true or false',
    );
    expect(() => renderMessage('after-care', 'en', { ...example('after-care', 'en'), advice: [] })).toThrow('"advice"');
    expect(() => renderMessage('welcome', 'en', { ...example('welcome', 'en'), clientName: { first: 'A' } })).toThrow('"clientName"');
  });

  it('throws on a code with no words, naming it', () => {
    expect(() => renderMessage('after-care', 'fr', { ...example('after-care', 'fr'), advice: ['hydrate', 'drink-wine'] })).toThrow(
      'the field "advice" has the code "drink-wine", which has no "fr" text',
    );
    expect(() => renderMessage('clearance-request', 'en', { ...example('clearance-request', 'en'), ruleCodes: ['NOPE'] })).toThrow(
      '"ruleCodes" has the code "NOPE"',
    );
    expect(() => renderMessage('clearance-request', 'en', { ...example('clearance-request', 'en'), ruleCodes: ['toString'] })).toThrow(
      '"toString"',
    );
  });

  it('prints advice sentences and rule labels, never the codes', () => {
    const care = renderMessage('after-care', 'en', example('after-care', 'en'));
    expect(care.text).toContain('- If your lower back feels stiff, a warm shower or heat pack helps more than ice.');
    expect(care.html).not.toContain('heat-not-ice-lower-back');
    const letter = renderMessage('clearance-request', 'fr', example('clearance-request', 'fr'));
    expect(letter.text).toContain('- Antécédent de thrombose veineuse profonde traitée');
    expect(letter.text).not.toContain('DVT_HX');
    expect(letter.sms).not.toMatch(/thrombose|cancer|Alex/i);
  });

  it('throws on an unknown template or language', () => {
    expect(() => renderMessage('birthday' as TemplateName, 'en', {})).toThrow('Unknown message template "birthday"');
    expect(() => renderMessage('welcome', 'de' as Language, example('welcome', 'en'))).toThrow('no language "de"');
  });
});

describe(`${TEMPLATES_DIR_ENV}`, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'templates-'));
    cpSync(templatesDir(), dir, { recursive: true });
  });
  afterEach(() => {
    delete process.env[TEMPLATES_DIR_ENV];
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the templates from the folder it names', () => {
    const subject = join(dir, 'en', 'welcome.subject.hbs');
    writeFileSync(subject, readFileSync(subject, 'utf8').replace('Welcome to', 'A warm welcome to'));
    process.env[TEMPLATES_DIR_ENV] = dir;
    expect(templatesDir()).toBe(dir);
    expect(renderMessage('welcome', 'en', example('welcome', 'en')).subject).toBe('A warm welcome to Downtown Toronto, Alex Martin');
  });

  it('names the missing file when the folder lacks one', () => {
    rmSync(join(dir, 'fr', 'reminder.sms.hbs'));
    process.env[TEMPLATES_DIR_ENV] = dir;
    expect(() => renderMessage('reminder', 'fr', example('reminder', 'fr'))).toThrow(join(dir, 'fr', 'reminder.sms.hbs'));
  });
});
