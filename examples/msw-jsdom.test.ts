// @vitest-environment jsdom
/**
 * Example: a component-style test in jsdom whose API is the fake, through MSW — no server. The
 * "component" renders the user's images and saves a favourite, as an app's UI code would.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImagesHandlers } from '../src/msw/index.ts';

const API = 'http://localhost:4010/api/v1';
const KEY = 'JsdomExampleKey000000000000000000000000000000000000000000000001';
const handlers = createImagesHandlers({ seed: 3, count: 5, keys: [KEY] });
const server = setupServer(...handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

/** The update a click started (tests await it instead of sleeping). */
let pendingUpdate: Promise<void> = Promise.resolve();

/** The code under test: renders a list with a ☆ button per image that favourites it. */
async function renderGallery(root: HTMLElement): Promise<void> {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${KEY}` };
  const { data } = (await (await fetch(`${API}/images`, { headers })).json()) as { data: Array<{ id: number; name: string; favorite: boolean }> };
  root.innerHTML = '';
  for (const image of data) {
    const item = document.createElement('li');
    item.dataset.id = String(image.id);
    item.textContent = `${image.favorite ? '★' : '☆'} ${image.name}`;
    item.addEventListener('click', () => {
      pendingUpdate = (async () => {
        await fetch(`${API}/images/${image.id}`, { method: 'PATCH', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ favorite: image.favorite ? 0 : 1 }) });
        await renderGallery(root);
      })();
    });
    root.append(item);
  }
}

describe('a UI tested in jsdom against the MSW handlers', () => {
  it('renders the images and favourites one on click, in the fake\'s state', async () => {
    const root = document.createElement('ul');
    document.body.append(root);
    await renderGallery(root);
    expect(root.querySelectorAll('li')).toHaveLength(5);
    const first = root.querySelector('li') as HTMLLIElement;
    const id = Number(first.dataset.id);
    const wasFavourite = first.textContent?.startsWith('★');
    first.click();
    await pendingUpdate;
    const again = root.querySelector(`li[data-id="${id}"]`) as HTMLLIElement;
    expect(again.textContent?.startsWith('★')).toBe(!wasFavourite);
    expect([...handlers.fake.store.findTenantByToken(KEY)!.images.values()].find((i) => i.id === id)?.favorite).toBe(!wasFavourite);
  });
});
