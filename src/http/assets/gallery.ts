// The gallery page's script (see ../gallery-page.ts), bundled for the browser by ../page-build.ts.
// It reads what the server knows from the page's JSON `#config` and calls the API as any client.
import { keyFingerprint } from '../../har/redact.ts';
import type { GalleryConfig } from '../gallery-page.ts';
import type { Image, ImageList } from '../../types/index.ts';

/** The page's own elements, by id; a missing one is a bug in gallery.html. */
function $<T extends HTMLElement = HTMLInputElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`gallery.html has no #${id}`);
  return element as T;
}

const config = JSON.parse($('config').textContent ?? '') as GalleryConfig;
const FIELDS = ['search', 'style', 'medium', 'filter', 'resolution', 'sort', 'per_page'] as const;
let page = 1;
let sequence = 0;
let debounce: ReturnType<typeof setTimeout> | undefined;

function fill(select: HTMLSelectElement, values: ReadonlyArray<string | number>): void {
  for (const value of values) {
    const option = document.createElement('option');
    option.value = String(value);
    const label = config.labels[value];
    option.textContent = label && label !== String(value) ? `${value} · ${label}` : String(value);
    select.appendChild(option);
  }
}
fill($<HTMLSelectElement>('style'), config.styles);
fill($<HTMLSelectElement>('medium'), config.mediums);
fill($<HTMLSelectElement>('filter'), config.filters);
fill($<HTMLSelectElement>('resolution'), config.resolutions);
fill($<HTMLSelectElement>('per_page'), config.perPage);

// Start from the page's own query string (?style=anime&page=2, and ?key=… to pick a key).
const initial = new URLSearchParams(location.search);
$('key').value = initial.get('key') || config.key;
for (const name of FIELDS) {
  const value = initial.get(name);
  if (value !== null) $(name).value = value;
}
$('favorite').checked = initial.get('favorite') === '1';
page = Math.max(1, parseInt(initial.get('page') || '1', 10) || 1);

function listQuery(): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of FIELDS) {
    const value = $(name).value.trim();
    if (value !== '') params.set(name, value);
  }
  if ($('favorite').checked) params.set('favorite', '1');
  params.set('page', String(page));
  return params;
}

function text(tag: string, className: string, value: string, label?: string): HTMLElement {
  const element = document.createElement(tag);
  element.className = className;
  element.textContent = value;
  if (label) element.dataset.label = label;
  return element;
}

function card(image: Image): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'image';
  item.dataset.id = String(image.id);
  item.dataset.favorite = String(image.favorite);
  const link = document.createElement('a');
  link.href = image.url;
  link.target = '_blank';
  link.rel = 'noopener';
  const picture = document.createElement('img');
  picture.src = image.url;
  picture.alt = image.name;
  picture.width = 180;
  picture.height = 180;
  link.appendChild(picture);
  item.appendChild(link);
  item.appendChild(text('div', 'favorite', image.favorite ? '★' : ''));
  item.appendChild(text('div', 'name', image.name));
  const props = document.createElement('div');
  props.className = 'props';
  props.appendChild(text('span', 'resolution', image.resolution, 'resolution'));
  props.appendChild(text('span', 'style', image.style ?? '—', 'style'));
  props.appendChild(text('span', 'medium', image.medium ?? '—', 'medium'));
  props.appendChild(text('span', 'filter', image.filter ?? '—', 'filter'));
  item.appendChild(props);
  item.appendChild(text('div', 'id', `#${image.id} · ${image.created_at}`));
  return item;
}

function showError(message: string): void {
  $('error').textContent = message;
  $('grid').replaceChildren();
  $('total').textContent = '';
  $('page').textContent = '';
  $<HTMLButtonElement>('prev').disabled = true;
  $<HTMLButtonElement>('next').disabled = true;
  document.body.dataset.state = 'error';
}

// The account's language, and the arrows the API itself labels its pages with.
function showLocale(): void {
  const typed = keyFingerprint($('key').value.trim());
  const account = config.accounts.find((a) => a.fingerprint === typed);
  $('locale').textContent = account ? `answered in: ${account.answeredIn}` : '';
  $('locale').dataset.locale = account ? account.answeredIn : '';
}

function decoded(html: string): string {
  return new DOMParser().parseFromString(html, 'text/html').documentElement.textContent ?? '';
}

/** What the list answers when it is not a 200 with data (a message, or anything at all). */
type Answer = Partial<ImageList> & { message?: string };

function load(): void {
  const mine = ++sequence;
  showLocale();
  const params = listQuery();
  history.replaceState(null, '', `?${params.toString()}`); // filters only: the key stays out of the address
  document.body.dataset.state = 'loading';
  fetch(`${config.api}/images?${params.toString()}`, {
    headers: { Accept: 'application/json', Authorization: `Bearer ${$('key').value.trim()}` },
  }).then((response) => response.text().then((body) => {
    if (mine !== sequence) return; // a newer request is on its way
    let json: Answer | null = null;
    try {
      json = JSON.parse(body) as Answer;
    } catch {
      // not JSON: shown below
    }
    $('warning').textContent = response.headers.get('X-Mock-Warning') || '';
    document.body.dataset.query = params.toString();
    if (response.status !== 200 || !json || !Array.isArray(json.data)) {
      showError(`${response.status} ${json && json.message ? json.message : body.slice(0, 200)}`);
      return;
    }
    $('error').textContent = '';
    $('grid').replaceChildren(...json.data.map(card));
    const meta = json.meta as ImageList['meta'];
    $('total').textContent = meta.total + (meta.total === 1 ? ' image' : ' images');
    $('page').textContent = `page ${meta.current_page} of ${meta.last_page}`;
    $<HTMLButtonElement>('prev').disabled = meta.current_page <= 1;
    $<HTMLButtonElement>('next').disabled = meta.current_page >= meta.last_page;
    const arrows = meta.links || [];
    if (arrows.length >= 2) {
      $('prev').textContent = decoded(arrows[0]!.label);
      $('next').textContent = decoded(arrows[arrows.length - 1]!.label);
    }
    page = meta.current_page;
    document.body.dataset.state = 'ready';
  })).catch((error: unknown) => {
    if (mine === sequence) showError(`The request failed: ${(error instanceof Error && error.message) || String(error)}`);
  });
}

function restart(): void {
  page = 1;
  load();
}
$('controls').addEventListener('submit', (event) => {
  event.preventDefault();
  restart();
});
for (const name of ['style', 'medium', 'filter', 'resolution', 'sort', 'per_page', 'favorite', 'key']) {
  $(name).addEventListener('change', restart);
}
$('search').addEventListener('input', () => {
  clearTimeout(debounce);
  debounce = setTimeout(restart, 250);
});
$('prev').addEventListener('click', () => {
  page = Math.max(1, page - 1);
  load();
});
$('next').addEventListener('click', () => {
  page += 1;
  load();
});
load();
