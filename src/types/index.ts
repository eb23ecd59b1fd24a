/**
 * Wire types of the Images API, generated from openapi/openapi.yaml by openapi-typescript
 * (`npm run types:generate`; a test fails when the generated file is stale).
 *
 * @example
 * import type { Image, ImageList } from 'ailuna-images-kit/types';
 * const list = (await response.json()) as ImageList;
 */
import type { ImageResource } from '../core/images/image.ts';
import type { components, operations, paths } from './openapi.ts';

type Schemas = components['schemas'];

export type { components, operations, paths };
export type Image = Schemas['Image'];
export type ImageEnvelope = Schemas['ImageEnvelope'];
export type ImageList = Schemas['ImageList'];
export type PaginationLink = Schemas['PaginationLink'];
export type DeletedImage = Schemas['DeletedImage'];
export type StoreImageRequest = Schemas['StoreImageRequest'];
export type UpdateImageRequest = Schemas['UpdateImageRequest'];
export type ValidationError = Schemas['ValidationError'];
export type UnauthenticatedError = Schemas['UnauthenticatedError'];
export type NoApiAccessError = Schemas['NoApiAccessError'];
export type ResourceNotFoundError = Schemas['ResourceNotFoundError'];
export type TooManyAttemptsError = Schemas['TooManyAttemptsError'];

// The core's image as served and the document's Image must stay the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const imageShapesAgree: Same<ImageResource, Image> = true;
void imageShapesAgree;
