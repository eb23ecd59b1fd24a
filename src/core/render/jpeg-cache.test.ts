import { describe, expect, it } from 'vitest';
import type { StoredImage } from '../images/image.ts';
import { cachedRenderer } from './jpeg-cache.ts';

const image = (result: string, resolution: StoredImage['resolution'] = '256x256'): StoredImage => ({
  id: 1, name: 'x', style: null, medium: null, filter: null, resolution, result, favorite: false, createdAt: 0, updatedAt: 0,
});

function countingRenderer(size: number) {
  const calls: string[] = [];
  return { calls, render: (options: { seed: string; resolution: string }) => { calls.push(`${options.seed} ${options.resolution}`); return new Uint8Array(size); } };
}

describe('cachedRenderer', () => {
  it('renders a picture once and serves the same bytes after', () => {
    const { calls, render } = countingRenderer(10);
    const jpeg = cachedRenderer(1000, render);
    const first = jpeg(image('a.jpg'));
    expect(jpeg(image('a.jpg'))).toBe(first);
    expect(calls).toEqual(['a.jpg 256x256']);
  });

  it('keys by resolution and filter too', () => {
    const { calls, render } = countingRenderer(10);
    const jpeg = cachedRenderer(1000, render);
    jpeg(image('a.jpg', '256x256'));
    jpeg(image('a.jpg', '512x512'));
    jpeg({ ...image('a.jpg', '512x512'), filter: 'sepia' });
    expect(calls).toHaveLength(3);
  });

  it('drops the least recently used pictures past its byte budget', () => {
    const { calls, render } = countingRenderer(400);
    const jpeg = cachedRenderer(1000, render); // room for two
    jpeg(image('a.jpg'));
    jpeg(image('b.jpg'));
    jpeg(image('a.jpg')); // a is now the most recent
    jpeg(image('c.jpg')); // b goes
    jpeg(image('a.jpg'));
    expect(calls).toEqual(['a.jpg 256x256', 'b.jpg 256x256', 'c.jpg 256x256']);
    jpeg(image('b.jpg'));
    expect(calls.at(-1)).toBe('b.jpg 256x256');
    expect(calls).toHaveLength(4);
  });

  it('still serves a picture larger than the whole budget', () => {
    const { render } = countingRenderer(5000);
    const jpeg = cachedRenderer(1000, render);
    expect(jpeg(image('big.jpg')).length).toBe(5000);
  });
});
