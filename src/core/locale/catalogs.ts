/**
 * The upstream software's own translation files, reduced to the lines the Images API can show:
 * `lang/<code>/validation.php` (messages and attribute names) and `lang/<code>/pagination.php`
 * (the arrows of `meta.links`). The API's rules reach only these lines (`max` and `between` with
 * the type their field's rules give: `string` for name and description, `numeric` for favorite). Only `en` and `ru` ship with it; byte for byte as the genuine
 * application answers (recorded in fixtures/upstream/genuine-locale.har).
 */
export interface Catalog {
  /** `validation.<rule>` and `validation.<rule>.<type>` lines, with `:attribute`, `:max`… placeholders. */
  validation: Readonly<Record<string, string>>;
  /** `validation.attributes.<field>`: a field's displayable name. */
  attributes: Readonly<Record<string, string>>;
  /** `pagination.previous` and `pagination.next`. */
  pagination: { previous: string; next: string };
}

const en: Catalog = {
  validation: {
    required: 'The :attribute field is required.',
    string: 'The :attribute must be a string.',
    integer: 'The :attribute must be an integer.',
    in: 'The selected :attribute is invalid.',
    'max.string': 'The :attribute may not be greater than :max characters.',
    'between.numeric': 'The :attribute must be between :min and :max.',
  },
  attributes: {},
  pagination: { previous: '&laquo; Previous', next: 'Next &raquo;' },
};

const ru: Catalog = {
  validation: {
    required: 'Поле :attribute обязательно для заполнения.',
    string: 'Поле :attribute должно быть строкой.',
    integer: 'Поле :attribute должно быть целым числом.',
    in: 'Выбранное значение для :attribute ошибочно.',
    'max.string': 'Количество символов в поле :attribute не может превышать :max.',
    'between.numeric': 'Поле :attribute должно быть между :min и :max.',
  },
  attributes: { name: 'Имя', description: 'Описание' },
  pagination: { previous: '&laquo; Назад', next: 'Вперёд &raquo;' },
};

/** The software's own language folders: `lang/en` and `lang/ru`. */
export const CATALOGS: Readonly<Record<string, Catalog>> = { en, ru };

/** Laravel's `fallback_locale`: lines missing from a locale's files come from here. */
export const FALLBACK_LOCALE = 'en';
