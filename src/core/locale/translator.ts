import { DEFAULT_LOCALE } from '../defaults.ts';
import { CATALOGS, FALLBACK_LOCALE, type Catalog } from './catalogs.ts';

/** A site's `lang/<code>.json`: its own strings (the English text is the key) translated. */
export type TranslationFile = Readonly<Record<string, string>>;

/**
 * The strings the upstream application passes through `__()` (the keys of `lang/<code>.json`).
 * The software ships only `en.json`; without a line for them, every locale shows the key itself.
 */
export const SITE_STRINGS = {
  resourceNotFound: 'Resource not found.',
  quotaReached: 'You created too many images.',
  noApiAccess: "You don't have access to this feature.",
  generationFailed: 'An unexpected error has occurred, please try again.',
  bannedKeyword: 'The :attribute contains a keyword that is banned.',
} as const;

export interface LocaleOptions {
  /** The site default (`settings.locale`, default `en`): for accounts with no locale or one not installed. */
  siteDefault?: string;
  /** The site's `lang/<code>.json` files by locale code; each one installs its locale. */
  translations?: Readonly<Record<string, TranslationFile>>;
}

/** A locale code as a file name `lang/<code>.json` can carry it: `ru`, `pt_BR`, `zh-Hans`. */
export const LOCALE_CODE = /^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$/;

/**
 * Laravel's translator for one locale: `__()` looks the key up in `lang/<code>.json` first, then
 * in the locale's PHP files, then in the fallback locale's (`en`), and gives the key itself when
 * none has it.
 */
export class Translator {
  constructor(
    /** The locale in force (installed). */
    readonly locale: string,
    private readonly json: TranslationFile,
  ) {}

  /** `__($key, $replace)`: `:name`, `:Name` and `:NAME` replaced as Laravel's makeReplacements does. */
  text(key: string, replace: Readonly<Record<string, string>> = {}): string {
    return makeReplacements(this.line(key), replace);
  }

  /** The two arrows of `meta.links`: `pagination.previous` and `pagination.next`. */
  get labels(): { previous: string; next: string } {
    return this.pageLabels ??= { previous: this.line('pagination.previous'), next: this.line('pagination.next') };
  }

  /**
   * A validation message as Laravel's validator words it: `validation.<rule>` (`.<type>` for the
   * size rules), the field's displayable name for `:attribute`, then the rule's own placeholders.
   */
  validationMessage(rule: string, field: string, parameters: Readonly<Record<string, string>> = {}): string {
    const message = this.line(`validation.${rule}`);
    const attribute = this.displayableAttribute(field);
    let text = message
      .replaceAll(':attribute', attribute)
      .replaceAll(':ATTRIBUTE', attribute.toUpperCase())
      .replaceAll(':Attribute', upperFirst(attribute));
    for (const [name, value] of Object.entries(parameters)) text = text.replaceAll(`:${name}`, value);
    return text;
  }

  private pageLabels: { previous: string; next: string } | undefined;

  private displayableAttribute(field: string): string {
    const key = `validation.attributes.${field}`;
    const line = this.line(key);
    return line === key ? field : line;
  }

  /** The line of `key`: the JSON file, then `<group>.<item>` in this locale's catalog, then English's. */
  private line(key: string): string {
    const fromJson = this.json[key];
    // Laravel's `$line ?: $key`: an empty translation shows the key, never nothing.
    if (fromJson !== undefined && fromJson !== '') return fromJson;
    for (const catalog of [CATALOGS[this.locale], CATALOGS[FALLBACK_LOCALE]]) {
      const found = catalog === undefined ? undefined : catalogLine(catalog, key);
      if (found !== undefined) return found;
    }
    return key;
  }
}

function catalogLine(catalog: Catalog, key: string): string | undefined {
  if (key.startsWith('validation.attributes.')) return catalog.attributes[key.slice('validation.attributes.'.length)];
  if (key.startsWith('validation.')) return catalog.validation[key.slice('validation.'.length)];
  if (key === 'pagination.previous') return catalog.pagination.previous;
  if (key === 'pagination.next') return catalog.pagination.next;
  return undefined;
}

/**
 * The site's languages: which locales are installed (`en` and `ru`, as the software ships them,
 * plus one per translations file) and which one answers an account.
 *
 * @example
 * const locales = new Locales({ siteDefault: 'en', translations: { ru: { 'Resource not found.': 'Не найдено.' } } });
 * locales.forAccount('ru').text('Resource not found.'); // 'Не найдено.'
 * locales.forAccount('de').locale;                       // 'en' (not installed: the site default)
 */
export class Locales {
  /** The locales with a `lang/<code>.json` on the site. */
  readonly installed: ReadonlySet<string>;
  private readonly translators = new Map<string, Translator>();
  private readonly translations: Readonly<Record<string, TranslationFile>>;

  constructor(options: LocaleOptions = {}) {
    this.translations = options.translations ?? {};
    for (const code of Object.keys(this.translations)) checkLocaleCode(code, 'translations');
    this.installed = new Set([...Object.keys(CATALOGS), ...Object.keys(this.translations)]);
    this.siteDefault = options.siteDefault ?? DEFAULT_LOCALE;
    checkLocaleCode(this.siteDefault, 'locale');
  }

  /** The site default as configured (it answers only when installed). */
  readonly siteDefault: string;

  /**
   * The locale an account is answered in: its own when installed (exact, case-sensitive), else the
   * site default when installed, else `en`. Headers and cookies never matter on the API (measured).
   */
  resolve(accountLocale: string | null | undefined): string {
    if (accountLocale != null && this.installed.has(accountLocale)) return accountLocale;
    return this.installed.has(this.siteDefault) ? this.siteDefault : FALLBACK_LOCALE;
  }

  /** The translator of the locale `resolve` gives. */
  forAccount(accountLocale: string | null | undefined): Translator {
    const locale = this.resolve(accountLocale);
    let translator = this.translators.get(locale);
    if (translator === undefined) {
      translator = new Translator(locale, this.translations[locale] ?? {});
      this.translators.set(locale, translator);
    }
    return translator;
  }
}

/** Throws a readable error for a code that cannot be a locale. */
export function checkLocaleCode(code: string, option: string): void {
  if (!LOCALE_CODE.test(code)) {
    throw new LocaleError(`${option}: ${JSON.stringify(code)} is not a locale code such as en, ru or pt_BR.`);
  }
}

export class LocaleError extends Error {}

/**
 * Reads a `lang/<code>.json` file's text: an object of strings. Throws LocaleError saying what
 * is wrong, naming `source`.
 */
export function parseTranslationFile(text: string, source: string): TranslationFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LocaleError(`${source} is not valid JSON (${(error as Error).message}).`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LocaleError(`${source} must hold a JSON object of "English text": "translation" pairs.`);
  }
  const file: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, line] of Object.entries(value)) {
    if (typeof line !== 'string') throw new LocaleError(`${source}: the translation of ${JSON.stringify(key)} must be a string, not ${JSON.stringify(line)}.`);
    file[key] = line;
  }
  return file;
}

// Laravel's makeReplacements: strtr() with `:Key`, `:KEY` and `:key` (the longest match wins).
function makeReplacements(line: string, replace: Readonly<Record<string, string>>): string {
  const pairs = new Map<string, string>();
  for (const [key, value] of Object.entries(replace)) {
    pairs.set(`:${upperFirst(key)}`, upperFirst(value));
    pairs.set(`:${key.toUpperCase()}`, value.toUpperCase());
    pairs.set(`:${key}`, value);
  }
  if (pairs.size === 0) return line;
  const names = [...pairs.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return line.replace(new RegExp(names.join('|'), 'g'), (match) => pairs.get(match) ?? match);
}

function upperFirst(text: string): string {
  return text === '' ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
