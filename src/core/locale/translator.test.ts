import { describe, expect, it } from 'vitest';
import { Locales, LocaleError, parseTranslationFile, SITE_STRINGS } from './translator.ts';

describe('which locale answers an account (BEHAVIOUR.md "Locale")', () => {
  it.each<[string, { siteDefault?: string; translations?: Record<string, Record<string, string>> }, string | null, string]>([
    ['no locale, default site', {}, null, 'en'],
    ['the account is ru', {}, 'ru', 'ru'],
    ['the account is en on a ru site', { siteDefault: 'ru' }, 'en', 'en'],
    ['no locale on a ru site', { siteDefault: 'ru' }, null, 'ru'],
    ['not installed (de) on a ru site', { siteDefault: 'ru' }, 'de', 'ru'],
    ['not installed (de), default en', {}, 'de', 'en'],
    ['the match is case-sensitive (RU is not ru)', {}, 'RU', 'en'],
    ['RU on a ru site falls to the site default', { siteDefault: 'ru' }, 'RU', 'ru'],
    ['a site default that is not installed: en', { siteDefault: 'fr' }, null, 'en'],
    ['a translations file installs its locale', { translations: { de: {} } }, 'de', 'de'],
    ['… and may be the site default', { siteDefault: 'de', translations: { de: {} } }, null, 'de'],
  ])('%s', (_name, options, account, expected) => {
    expect(new Locales(options).resolve(account)).toBe(expected);
    expect(new Locales(options).forAccount(account).locale).toBe(expected);
  });

  it('refuses codes that cannot be locales, naming the option', () => {
    expect(() => new Locales({ siteDefault: 'r u' })).toThrow(LocaleError);
    expect(() => new Locales({ siteDefault: 'r u' })).toThrow(/^locale: "r u" is not a locale code/);
    expect(() => new Locales({ translations: { '../x': {} } })).toThrow(/^translations: "\.\.\/x"/);
  });
});

describe('validation lines and labels, byte for byte as the software ships them', () => {
  const en = new Locales().forAccount('en');
  const ru = new Locales().forAccount('ru');

  it.each<[string, string, Record<string, string>, string, string]>([
    ['required', 'name', {}, 'The name field is required.', 'Поле Имя обязательно для заполнения.'],
    ['required', 'description', {}, 'The description field is required.', 'Поле Описание обязательно для заполнения.'],
    ['required', 'resolution', {}, 'The resolution field is required.', 'Поле resolution обязательно для заполнения.'],
    ['string', 'name', {}, 'The name must be a string.', 'Поле Имя должно быть строкой.'],
    ['max.string', 'name', { max: '128' }, 'The name may not be greater than 128 characters.', 'Количество символов в поле Имя не может превышать 128.'],
    ['max.string', 'description', { max: '2048' }, 'The description may not be greater than 2048 characters.', 'Количество символов в поле Описание не может превышать 2048.'],
    ['in', 'style', {}, 'The selected style is invalid.', 'Выбранное значение для style ошибочно.'],
    ['integer', 'variations', {}, 'The variations must be an integer.', 'Поле variations должно быть целым числом.'],
    ['between.numeric', 'favorite', { min: '0', max: '1' }, 'The favorite must be between 0 and 1.', 'Поле favorite должно быть между 0 и 1.'],
  ])('%s of %s', (rule, field, parameters, english, russian) => {
    expect(en.validationMessage(rule, field, parameters)).toBe(english);
    expect(ru.validationMessage(rule, field, parameters)).toBe(russian);
  });

  it('the arrows of meta.links', () => {
    expect(en.labels).toEqual({ previous: '&laquo; Previous', next: 'Next &raquo;' });
    expect(ru.labels).toEqual({ previous: '&laquo; Назад', next: 'Вперёд &raquo;' });
  });

  it('a locale installed by a translations file alone takes validation lines and labels from en (fallback_locale)', () => {
    const de = new Locales({ translations: { de: { 'Resource not found.': 'Nicht gefunden.' } } }).forAccount('de');
    expect(de.validationMessage('required', 'name')).toBe('The name field is required.');
    expect(de.labels.next).toBe('Next &raquo;');
    expect(de.text(SITE_STRINGS.resourceNotFound)).toBe('Nicht gefunden.');
  });

  it('a line missing everywhere is its key, as Laravel shows it', () => {
    expect(en.validationMessage('max.array', 'name', { max: '1' })).toBe('validation.max.array');
  });
});

describe("the site's own strings (lang/<code>.json)", () => {
  it('stay English without a translation, in every locale (the software ships only en.json)', () => {
    const ru = new Locales().forAccount('ru');
    for (const text of Object.values(SITE_STRINGS)) expect(ru.text(text)).toBe(text);
    expect(ru.text(SITE_STRINGS.bannedKeyword, { attribute: 'name' })).toBe('The name contains a keyword that is banned.');
  });

  it('come back translated from the locale\'s file; the file\'s key wins over the PHP files too', () => {
    const locales = new Locales({
      translations: {
        ru: {
          'Resource not found.': 'Ресурс не найден.',
          'The :attribute contains a keyword that is banned.': 'Поле :attribute содержит запрещённое слово.',
          'pagination.next': 'Дальше &raquo;',
        },
      },
    });
    const ru = locales.forAccount('ru');
    expect(ru.text(SITE_STRINGS.resourceNotFound)).toBe('Ресурс не найден.');
    expect(ru.text(SITE_STRINGS.bannedKeyword, { attribute: 'name' })).toBe('Поле name содержит запрещённое слово.');
    expect(ru.labels.next).toBe('Дальше &raquo;');
    // Another locale's file changes nothing for English accounts.
    expect(locales.forAccount('en').text(SITE_STRINGS.resourceNotFound)).toBe('Resource not found.');
  });

  it('an empty translation is the key itself (Laravel\'s $line ?: $key)', () => {
    const ru = new Locales({ translations: { ru: { 'You created too many images.': '' } } }).forAccount('ru');
    expect(ru.text(SITE_STRINGS.quotaReached)).toBe('You created too many images.');
  });

  it(':Name and :NAME are replaced as Laravel does (ucfirst, upper); the longest placeholder wins', () => {
    const en = new Locales({ translations: { en: { x: ':Attribute / :ATTRIBUTE / :attribute / :attributes' } } }).forAccount('en');
    expect(en.text('x', { attribute: 'name', attributes: 'many' })).toBe('Name / NAME / name / many');
  });

  it('a translations file must be an object of strings', () => {
    expect(parseTranslationFile('{"a":"b"}', 'ru.json')).toEqual({ a: 'b' });
    expect(() => parseTranslationFile('{"a":', 'ru.json')).toThrow(/^ru\.json is not valid JSON/);
    expect(() => parseTranslationFile('["a"]', 'ru.json')).toThrow(/^ru\.json must hold a JSON object/);
    expect(() => parseTranslationFile('{"a":1}', 'ru.json')).toThrow(/^ru\.json: the translation of "a" must be a string, not 1\./);
    // A key named like an Object.prototype member is just a key.
    expect(parseTranslationFile('{"constructor":"c"}', 'ru.json').constructor).toBe('c');
  });
});
