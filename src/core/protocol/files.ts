import type { StoredImage } from '../images/image.ts';
import { rawurldecode } from '../php/parse-str.ts';
import type { MemoryStore } from '../state/store.ts';
import type { ApiResponse } from './response.ts';

const IMAGE_FILE = /^\/uploads\/users\/images\/([^/]+)$/;

/** A GET or HEAD of a file in public/uploads: the web server answers it, not Laravel. */
export function isImageFileRequest(method: string, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && IMAGE_FILE.test(path);
}

/** The stored image whose file a path names (`/uploads/users/images/<result>`), if any. */
export function findImageFile(store: MemoryStore, path: string): StoredImage | undefined {
  const file = IMAGE_FILE.exec(path)?.[1];
  return file === undefined ? undefined : store.findImageByResult(rawurldecode(file));
}

/** The file as the web server sends it: the JPEG, with no Laravel headers at all. */
export function imageFileResponse(image: StoredImage, renderJpeg: (image: StoredImage) => Uint8Array): ApiResponse {
  return { status: 200, headers: [['Content-Type', 'image/jpeg']], body: renderJpeg(image) };
}
