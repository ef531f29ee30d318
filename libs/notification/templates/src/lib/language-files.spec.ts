import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AFTER_CARE_ADVICE_CODES } from './after-care-advice';
import { templatesDir } from './render-message';
import { LANGUAGES, TEMPLATE_NAMES } from './template-data';

// Every language must say everything: a code or a template missing in one language fails here, not
// in a client's inbox.
const catalogue = (language: string, name: string): Record<string, string> =>
  JSON.parse(readFileSync(join(templatesDir(), language, `${name}.json`), 'utf8')) as Record<string, string>;

/** The rule codes screening publishes (read as a file: notification may not import intake's libs). */
function publishedRuleCodes(): string[] {
  const dir = join(__dirname, '..', '..', '..', '..', 'intake', 'screening', 'src', 'lib');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.published.json'))
    .flatMap((file) => (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { rules: { code: string }[] }).rules.map((rule) => rule.code));
}

describe.each(LANGUAGES)('the %s files', (language) => {
  it('have every template part', () => {
    const files = readdirSync(join(templatesDir(), language));
    const expected = TEMPLATE_NAMES.flatMap((template) => ['subject', 'text', 'html', 'sms'].map((part) => `${template}.${part}.hbs`));
    expect(files).toEqual(expect.arrayContaining([...expected, '_layout.html.hbs', '_footer.text.hbs', '_footer.sms.hbs']));
  });

  it('have a sentence for every after-care code, and none for a code the catalogue lacks', () => {
    const sentences = catalogue(language, 'after-care-advice');
    expect(Object.keys(sentences).sort()).toEqual([...AFTER_CARE_ADVICE_CODES].sort());
    for (const sentence of Object.values(sentences)) expect(sentence.trim()).not.toBe('');
  });

  it('have a label for every screening rule code that screening publishes', () => {
    const labels = catalogue(language, 'screening-rule-labels');
    const codes = publishedRuleCodes();
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.filter((code) => !labels[code]?.trim())).toEqual([]);
  });
});

it('every language labels the same rule codes', () => {
  const [first, ...others] = LANGUAGES.map((language) => Object.keys(catalogue(language, 'screening-rule-labels')).sort());
  for (const codes of others) expect(codes).toEqual(first);
});

it('every language has the same files', () => {
  const [first, ...others] = LANGUAGES.map((language) => readdirSync(join(templatesDir(), language)).sort());
  for (const files of others) expect(files).toEqual(first);
});
