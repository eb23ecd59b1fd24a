import { FILTERS, MEDIUMS, PER_PAGE_VALUES, RESOLUTIONS, RUSSIAN_LABELS, STYLES } from '../core/enums.ts';
import { scriptJson } from './docs-page.ts';

/**
 * The `/` page: one key's images as a grid (JPEG, name, resolution, style, medium, filter, ★ for
 * favourites), with the list's filters, search and pagination. Framework-free: its script calls
 * `/api/v1/images` with `Authorization: Bearer <key>` as any client would, so it shows the fake's
 * real state. Filters are kept in the page's query string (the key is not), so a reload keeps them.
 *
 * Hooks for tests: `body[data-state]` is `loading`, `ready` or `error`; `body[data-query]` is the
 * query string of the list request the grid shows.
 */
export function galleryPage({ key, accounts = [] }: { key: string; accounts?: ReadonlyArray<{ fingerprint: string; answeredIn: string }> }): string {
  const config = {
    key,
    // Each account's language by its key's fingerprint (the recordings' REDACTED-<fingerprint>):
    // shown beside the key field, without putting the other keys in the page.
    accounts,
    api: '/api/v1',
    styles: STYLES,
    mediums: MEDIUMS,
    filters: FILTERS,
    resolutions: RESOLUTIONS,
    perPage: PER_PAGE_VALUES,
    labels: RUSSIAN_LABELS,
  };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ailuna.ru Images · gallery (ailuna-images-kit)</title>
<link rel="icon" href="data:,">
<style>
  body { margin: 0; font-family: system-ui, sans-serif; background: #f4f4f6; color: #222; }
  header { padding: 10px 20px; background: #1b1b1b; color: #eee; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
  header a { color: #9cf; }
  header h1 { font-size: 18px; margin: 0; }
  form { padding: 12px 20px; display: flex; gap: 12px; flex-wrap: wrap; align-items: end; background: #fff; border-bottom: 1px solid #ddd; }
  label { display: flex; flex-direction: column; font-size: 12px; color: #555; gap: 2px; }
  label.inline { flex-direction: row; align-items: center; gap: 6px; font-size: 14px; color: #222; }
  input#key { width: 34em; font-family: monospace; }
  #status { padding: 8px 20px; display: flex; gap: 16px; align-items: center; }
  #error { color: #b00; white-space: pre-wrap; }
  #warning { color: #a60; }
  #grid { list-style: none; margin: 0; padding: 8px 20px 20px; display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 14px; }
  .image { background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.15); padding: 8px; position: relative; }
  .image img { width: 100%; aspect-ratio: 1; object-fit: cover; display: block; border-radius: 4px; background: #ddd; }
  .image .name { font-weight: 600; margin: 6px 0 4px; word-break: break-word; }
  .image .favorite { position: absolute; top: 10px; right: 12px; color: #fc0; font-size: 22px; text-shadow: 0 0 3px #000; }
  .image .props { font-size: 12px; color: #555; display: flex; flex-wrap: wrap; gap: 4px 8px; }
  .image .props span::before { color: #999; content: attr(data-label) ': '; }
  .image .id { font-size: 11px; color: #999; }
  body[data-state="loading"] #grid { opacity: .5; }
</style>
</head>
<body data-state="loading">
<header>
  <h1>ailuna.ru Images · gallery</h1>
  <span>what <code>GET /api/v1/images</code> answers for this key, live from the fake</span>
  <a href="/docs">API docs</a>
</header>
<form id="controls" autocomplete="off">
  <label>API key (Bearer) <input id="key" name="key" spellcheck="false"></label>
  <span id="locale" title="the locale this key's account is answered in (validation messages, page arrows)"></span>
  <label>Search <input id="search" name="search" type="search" placeholder="name contains…"></label>
  <label>Style <select id="style" name="style"><option value="">any</option></select></label>
  <label>Medium <select id="medium" name="medium"><option value="">any</option></select></label>
  <label>Filter <select id="filter" name="filter"><option value="">any</option></select></label>
  <label>Resolution <select id="resolution" name="resolution"><option value="">any</option></select></label>
  <label>Sort <select id="sort" name="sort"><option value="">newest first</option><option value="asc">oldest first</option></select></label>
  <label>Per page <select id="per_page" name="per_page"><option value="">default</option></select></label>
  <label class="inline"><input id="favorite" name="favorite" type="checkbox" value="1"> ★ favourites only</label>
</form>
<div id="status">
  <button id="prev" type="button" disabled>‹ prev</button>
  <span id="page"></span>
  <button id="next" type="button" disabled>next ›</button>
  <span id="total"></span>
  <span id="warning"></span>
  <span id="error"></span>
</div>
<ul id="grid"></ul>
<script type="application/json" id="config">${scriptJson(config)}</script>
<script>
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('config').textContent);
  function $(id) { return document.getElementById(id); }
  var FIELDS = ['search', 'style', 'medium', 'filter', 'resolution', 'sort', 'per_page'];
  var page = 1;
  var sequence = 0;
  var debounce = 0;

  function fill(select, values) {
    values.forEach(function (value) {
      var option = document.createElement('option');
      option.value = String(value);
      var label = config.labels[value];
      option.textContent = label && label !== String(value) ? value + ' · ' + label : String(value);
      select.appendChild(option);
    });
  }
  fill($('style'), config.styles);
  fill($('medium'), config.mediums);
  fill($('filter'), config.filters);
  fill($('resolution'), config.resolutions);
  fill($('per_page'), config.perPage);

  // Start from the page's own query string (?style=anime&page=2, and ?key=… to pick a key).
  var initial = new URLSearchParams(location.search);
  $('key').value = initial.get('key') || config.key;
  FIELDS.forEach(function (name) { if (initial.has(name)) $(name).value = initial.get(name); });
  $('favorite').checked = initial.get('favorite') === '1';
  page = Math.max(1, parseInt(initial.get('page') || '1', 10) || 1);

  function listQuery() {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) {
      var value = $(name).value.trim();
      if (value !== '') params.set(name, value);
    });
    if ($('favorite').checked) params.set('favorite', '1');
    params.set('page', String(page));
    return params;
  }

  function text(tag, className, value, label) {
    var element = document.createElement(tag);
    element.className = className;
    element.textContent = value;
    if (label) element.dataset.label = label;
    return element;
  }

  function card(image) {
    var item = document.createElement('li');
    item.className = 'image';
    item.dataset.id = String(image.id);
    item.dataset.favorite = String(image.favorite);
    var link = document.createElement('a');
    link.href = image.url;
    link.target = '_blank';
    link.rel = 'noopener';
    var picture = document.createElement('img');
    picture.src = image.url;
    picture.alt = image.name;
    picture.width = 180;
    picture.height = 180;
    link.appendChild(picture);
    item.appendChild(link);
    item.appendChild(text('div', 'favorite', image.favorite ? '★' : ''));
    item.appendChild(text('div', 'name', image.name));
    var props = document.createElement('div');
    props.className = 'props';
    props.appendChild(text('span', 'resolution', image.resolution, 'resolution'));
    props.appendChild(text('span', 'style', image.style === null ? '—' : image.style, 'style'));
    props.appendChild(text('span', 'medium', image.medium === null ? '—' : image.medium, 'medium'));
    props.appendChild(text('span', 'filter', image.filter === null ? '—' : image.filter, 'filter'));
    item.appendChild(props);
    item.appendChild(text('div', 'id', '#' + image.id + ' · ' + image.created_at));
    return item;
  }

  function showError(message) {
    $('error').textContent = message;
    $('grid').replaceChildren();
    $('total').textContent = '';
    $('page').textContent = '';
    $('prev').disabled = true;
    $('next').disabled = true;
    document.body.dataset.state = 'error';
  }

  // The account's language, and the arrows the API itself labels its pages with.
  function fingerprint(key) { // keyFingerprint of src/fixtures/redact.ts: FNV-1a, folded to 16 bits
    var hash = 0x811c9dc5;
    for (var ch of key.replace(/ +$/, '').toLowerCase()) {
      hash ^= ch.codePointAt(0);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return ((hash ^ (hash >>> 16)) & 0xffff).toString(16).padStart(4, '0');
  }
  function showLocale() {
    var typed = fingerprint($('key').value.trim());
    var account = config.accounts.filter(function (a) { return a.fingerprint === typed; })[0];
    $('locale').textContent = account ? 'answered in: ' + account.answeredIn : '';
    $('locale').dataset.locale = account ? account.answeredIn : '';
  }
  function decoded(html) {
    return new DOMParser().parseFromString(html, 'text/html').documentElement.textContent;
  }

  function load() {
    var mine = ++sequence;
    showLocale();
    var params = listQuery();
    history.replaceState(null, '', '?' + params.toString()); // filters only: the key stays out of the address
    document.body.dataset.state = 'loading';
    fetch(config.api + '/images?' + params.toString(), {
      headers: { Accept: 'application/json', Authorization: 'Bearer ' + $('key').value.trim() },
    }).then(function (response) {
      return response.text().then(function (body) {
        if (mine !== sequence) return; // a newer request is on its way
        var json = null;
        try { json = JSON.parse(body); } catch (_) { /* not JSON: shown below */ }
        $('warning').textContent = response.headers.get('X-Mock-Warning') || '';
        document.body.dataset.query = params.toString();
        if (response.status !== 200 || !json || !Array.isArray(json.data)) {
          showError(response.status + ' ' + (json && json.message ? json.message : body.slice(0, 200)));
          return;
        }
        $('error').textContent = '';
        $('grid').replaceChildren.apply($('grid'), json.data.map(card));
        var meta = json.meta;
        $('total').textContent = meta.total + (meta.total === 1 ? ' image' : ' images');
        $('page').textContent = 'page ' + meta.current_page + ' of ' + meta.last_page;
        $('prev').disabled = meta.current_page <= 1;
        $('next').disabled = meta.current_page >= meta.last_page;
        var arrows = meta.links || [];
        if (arrows.length >= 2) {
          $('prev').textContent = decoded(arrows[0].label);
          $('next').textContent = decoded(arrows[arrows.length - 1].label);
        }
        page = meta.current_page;
        document.body.dataset.state = 'ready';
      });
    }).catch(function (error) {
      if (mine === sequence) showError('The request failed: ' + (error && error.message || error));
    });
  }

  function restart() { page = 1; load(); }
  $('controls').addEventListener('submit', function (event) { event.preventDefault(); restart(); });
  ['style', 'medium', 'filter', 'resolution', 'sort', 'per_page', 'favorite', 'key'].forEach(function (name) {
    $(name).addEventListener('change', restart);
  });
  $('search').addEventListener('input', function () {
    clearTimeout(debounce);
    debounce = setTimeout(restart, 250);
  });
  $('prev').addEventListener('click', function () { page = Math.max(1, page - 1); load(); });
  $('next').addEventListener('click', function () { page += 1; load(); });
  load();
})();
</script>
</body>
</html>
`;
}
