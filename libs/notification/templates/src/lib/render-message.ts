import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { assertTemplateData, LANGUAGES, TEMPLATE_NAMES, type Language, type TemplateName } from './template-data';

export type { Language, TemplateName } from './template-data';

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

/** Overrides where the template files are read from (a deployment's own wording, a test's copy). */
export const TEMPLATES_DIR_ENV = 'NOTIFICATION_TEMPLATES_DIR';

type Part = 'subject' | 'text' | 'html' | 'sms';
type Compiled = (data: Record<string, unknown>) => string;

/**
 * Renders one message in the client's language. Throws, naming the template and the field, when the
 * data lack a required field or carry an unknown advice or rule code.
 */
export function renderMessage(template: TemplateName, language: Language, data: Record<string, unknown>): RenderedMessage {
  return rendererFor(templatesDir()).render(template, language, data);
}

/**
 * Where the files are: NOTIFICATION_TEMPLATES_DIR if set; else `templates/` next to the running code
 * (the service's bundle, where the build copies them) or the library's own folder (tests, ts-node).
 */
export function templatesDir(): string {
  const override = process.env[TEMPLATES_DIR_ENV];
  if (override) return override;
  defaultDir ??= [join(__dirname, 'templates'), join(__dirname, '..', '..', 'templates')].find((dir) => existsSync(join(dir, 'en')));
  if (!defaultDir) throw new Error(`Message templates not found next to ${__dirname}; set ${TEMPLATES_DIR_ENV}`);
  return defaultDir;
}
let defaultDir: string | undefined;

const renderers = new Map<string, MessageRenderer>();
function rendererFor(dir: string): MessageRenderer {
  let renderer = renderers.get(dir);
  if (!renderer) renderers.set(dir, (renderer = new MessageRenderer(dir)));
  return renderer;
}

/** The templates of one folder, each compiled on first use and kept. */
class MessageRenderer {
  private readonly compiled = new Map<string, Compiled>();
  private readonly catalogues = new Map<string, Record<string, string>>();

  constructor(private readonly dir: string) {}

  render(template: TemplateName, language: Language, data: Record<string, unknown>): RenderedMessage {
    if (!TEMPLATE_NAMES.includes(template)) throw new Error(`Unknown message template "${template}"`);
    if (!LANGUAGES.includes(language)) throw new Error(`Message template "${template}": no language "${language}"`);
    assertTemplateData(template, data);
    const view = { ...data, ...this.labels(template, language, data) };

    const part = (name: Part) => this.template(language, `${template}.${name}`, name)(view);
    const body = part('html');
    return {
      subject: singleLine(part('subject')),
      text: `${part('text').trimEnd()}\n\n${this.template(language, '_footer.text', 'text')(view).trim()}\n`,
      html: this.template(language, '_layout.html', 'html')({ ...view, body: new Handlebars.SafeString(body) }),
      sms: `${singleLine(part('sms'))} ${singleLine(this.template(language, '_footer.sms', 'sms')(view))}`,
    };
  }

  /** Advice and rule codes become sentences and labels of the language; an unknown code throws. */
  private labels(template: TemplateName, language: Language, data: Record<string, unknown>): Record<string, string[]> {
    if (template === 'after-care') {
      const advice = this.catalogue(language, 'after-care-advice');
      return { adviceSentences: (data['advice'] as string[]).map((code) => lookUp(advice, code, template, 'advice', language)) };
    }
    if (template === 'clearance-request') {
      const rules = this.catalogue(language, 'screening-rule-labels');
      return { ruleLabels: (data['ruleCodes'] as string[]).map((code) => lookUp(rules, code, template, 'ruleCodes', language)) };
    }
    return {};
  }

  private template(language: Language, name: string, part: Part): Compiled {
    const key = `${language}/${name}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      const source = this.read(language, `${name}.hbs`);
      // Only HTML escapes: text and SMS are plain text, where "&amp;" would be printed as is.
      compiled = Handlebars.compile(source, { noEscape: part !== 'html' });
      this.compiled.set(key, compiled);
    }
    return compiled;
  }

  private catalogue(language: Language, name: string): Record<string, string> {
    const key = `${language}/${name}`;
    let entries = this.catalogues.get(key);
    if (!entries) {
      entries = JSON.parse(this.read(language, `${name}.json`)) as Record<string, string>;
      this.catalogues.set(key, entries);
    }
    return entries;
  }

  private read(language: Language, file: string): string {
    const path = join(this.dir, language, file);
    if (!existsSync(path)) throw new Error(`Message template file ${path} is missing`);
    return readFileSync(path, 'utf8');
  }
}

function lookUp(catalogue: Record<string, string>, code: string, template: TemplateName, field: string, language: Language): string {
  const words = Object.hasOwn(catalogue, code) ? catalogue[code] : undefined;
  if (!words) throw new Error(`Message template "${template}": the field "${field}" has the code "${code}", which has no "${language}" text`);
  return words;
}

function singleLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
