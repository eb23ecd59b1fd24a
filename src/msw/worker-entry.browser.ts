import { setupWorker } from 'msw/browser';
import { createImagesHandlers } from './index.ts';

/**
 * The browser side of `worker.test.ts`, bundled there with esbuild: the MSW handlers under
 * `setupWorker` in a real page. The page's query gives the fake's seed, count and key; the fake
 * answers on the page's own origin, so `/api/v1/…` never reaches a server (the test checks that).
 * It lists, creates an image, lists again, writes what it saw into `#result` (JSON) and the names
 * into `#names`, then sets `data-state` on the body to `ready`, or to `error` with `#error`.
 */

interface WireList { data: { id: number; name: string }[]; meta: { current_page: number; total: number } }

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const key = params.get('key') ?? '';
  const handlers = createImagesHandlers({
    seed: Number(params.get('seed')),
    count: Number(params.get('count')),
    keys: [key],
    baseUrl: location.origin,
  });
  const worker = setupWorker(...handlers);
  await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });

  const auth = { Authorization: `Bearer ${key}`, Accept: 'application/json' };
  const list = async (): Promise<{ status: number; body: WireList }> => {
    const response = await fetch('/api/v1/images?per_page=10', { headers: auth });
    return { status: response.status, body: (await response.json()) as WireList };
  };
  const first = await list();
  const created = await fetch('/api/v1/images', {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: params.get('name'), description: 'made in the browser', resolution: '256x256', style: 'anime' }),
  });
  const createdBody = (await created.json()) as { data?: { id: number; name: string } };
  const second = await list();

  const names = document.getElementById('names')!;
  for (const image of second.body.data) {
    const item = document.createElement('li');
    item.textContent = image.name;
    names.append(item);
  }
  document.getElementById('result')!.textContent = JSON.stringify({
    controlled: navigator.serviceWorker.controller !== null,
    first: { status: first.status, names: first.body.data.map((image) => image.name), total: first.body.meta.total },
    created: { status: created.status, body: createdBody },
    second: { status: second.status, names: second.body.data.map((image) => image.name), total: second.body.meta.total },
  });
  document.body.dataset.state = 'ready';
}

main().catch((error: unknown) => {
  document.getElementById('error')!.textContent = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  document.body.dataset.state = 'error';
});
