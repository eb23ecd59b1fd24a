/** The files of swagger-ui-dist the docs page loads, served under `/docs/`, with their types. */
export const DOCS_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

/** JSON for inside a `<script>` element: `<` escaped, so no text can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The `/docs` page: Swagger UI over `/docs/openapi.json`, every URL on the page's own origin.
 * The fake's origin is put first among the document's servers (for "Try it out"), and `key`
 * is pre-filled as the Bearer key.
 */
export function docsPage({ key, answeredIn = 'en' }: { key: string; answeredIn?: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ailuna.ru Images API · docs (ailuna-images-kit)</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs/swagger-ui.css">
<style>
  body { margin: 0; font-family: system-ui, sans-serif; }
  #kit-bar { padding: 8px 20px; background: #1b1b1b; color: #eee; font-size: 14px; }
  #kit-bar a { color: #9cf; margin-right: 16px; }
  #kit-error { color: #c00; padding: 20px; white-space: pre-wrap; }
</style>
</head>
<body>
<div id="kit-bar">
  <a href="/">Gallery</a>
  <a href="/docs/openapi.yaml">openapi.yaml</a>
  <a href="/docs/openapi.json">openapi.json</a>
  <span>Served by ailuna-images-kit: "Try it out" calls this fake as the account of key ${escapeHtml(key.slice(0, 6))}…, answered in <b id="kit-locale">${escapeHtml(answeredIn)}</b>.</span>
</div>
<div id="kit-error" hidden></div>
<div id="swagger-ui"></div>
<script type="application/json" id="kit-config">${scriptJson({ key })}</script>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>
(function () {
  var config = JSON.parse(document.getElementById('kit-config').textContent);
  var here = location.origin + '/api/v1';
  function fail(message) {
    var box = document.getElementById('kit-error');
    box.textContent = message;
    box.hidden = false;
    document.body.dataset.state = 'error';
  }
  fetch('/docs/openapi.json', { headers: { Accept: 'application/json' } })
    .then(function (response) {
      if (!response.ok) throw new Error('GET /docs/openapi.json answered ' + response.status);
      return response.json();
    })
    .then(function (spec) {
      var others = (spec.servers || []).filter(function (server) { return server.url !== here; });
      spec.servers = [{ url: here, description: 'This fake (the page\\'s own origin)' }].concat(others);
      window.ui = SwaggerUIBundle({
        spec: spec,
        dom_id: '#swagger-ui',
        deepLinking: true,
        validatorUrl: null,
        onComplete: function () {
          if (config.key) window.ui.preauthorizeApiKey('bearerAuth', config.key);
          document.body.dataset.state = 'ready';
        },
      });
    })
    .catch(function (error) { fail(String(error && error.message || error)); });
})();
</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
