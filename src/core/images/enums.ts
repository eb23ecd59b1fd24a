/**
 * The enums of the Images API, with the Russian labels of the public docs page
 * (https://ailuna.ru developers page, "Изображения").
 */

export const RESOLUTIONS = ['256x256', '512x512', '1024x1024'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const STYLES = [
  '3d_render', 'abstract', 'anime', 'art_deco', 'cartoon', 'digital_art', 'illustration',
  'origami', 'pixel_art', 'photography', 'pop_art', 'retro', 'sketch', 'vaporwave',
] as const;
export type Style = (typeof STYLES)[number];

export const MEDIUMS = [
  'acrylic', 'canvas', 'chalk', 'charcoal', 'crayon', 'glass', 'ink', 'pastel', 'pencil',
  'spray_paint', 'watercolor',
] as const;
export type Medium = (typeof MEDIUMS)[number];

export const FILTERS = ['grayscale', 'sepia', 'invert'] as const;
export type Filter = (typeof FILTERS)[number];

/** Page sizes the list accepts; anything else silently falls back to the site default. */
export const PER_PAGE_VALUES = [10, 25, 50, 100] as const;

export const RUSSIAN_LABELS: Readonly<Record<string, string>> = {
  '256x256': '256×256', '512x512': '512×512', '1024x1024': '1024×1024',
  '3d_render': '3D-изображение', abstract: 'Абстракция', anime: 'Аниме', art_deco: 'Арт-деко',
  cartoon: 'Мультяшный', digital_art: 'Цифровой арт', illustration: 'Иллюстрация', origami: 'Оригами',
  pixel_art: 'Пиксельный арт', photography: 'Фотография', pop_art: 'Поп-арт', retro: 'Ретро',
  sketch: 'Эскиз', vaporwave: 'Vaporwave',
  acrylic: 'Акрил', canvas: 'Холст', chalk: 'Мел', charcoal: 'Древесный уголь', crayon: 'Карандаш',
  glass: 'Стекло', ink: 'Чернила', pastel: 'Пастель', pencil: 'Карандаш', spray_paint: 'Распыляемая краска',
  watercolor: 'Акварель',
  grayscale: 'Черно-белый', sepia: 'Сепия', invert: 'Инверсия',
};
