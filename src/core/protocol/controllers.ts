import { fail } from '../errors.ts';
import type { RequestInput } from '../images/input.ts';
import type { ImagesService, ServiceResult } from '../images/service.ts';
import { andThen, type MaybePromise } from '../state/coordinator.ts';
import type { Tenant } from '../state/store.ts';
import { encodedControllerJson, type ApiResponse } from './response.ts';

/** What a controller is called with, once the request passed the throttle, auth and plan. */
export interface ControllerCall {
  service: ImagesService;
  /** The authenticated account. */
  tenant: Tenant;
  /** The query and body fields, merged as Laravel's `$request->input()` reads them. */
  input: RequestInput;
  /** The route's path parameters, percent-decoded (`{ id: '5' }`). */
  params: Readonly<Record<string, string>>;
  /** `<scheme>://<host>` of the request: image URLs are built on it. */
  origin: string;
}

/**
 * One action of upstream's controllers: calls the service and hands back its answer. Failures are
 * thrown as ApiErrors (the handler maps them in one place). Named after the OpenAPI operation.
 */
export type Controller = (call: ControllerCall) => ServiceResult | Promise<ServiceResult>;

export const listImages: Controller = ({ service, tenant, input, origin }) => service.list(tenant, input, origin);

export const storeImage: Controller = ({ service, tenant, input, origin }) => service.create(tenant, input, origin);

export const showImage: Controller = ({ service, tenant, params, origin }) => service.show(tenant, params.id ?? '', origin);

/** PUT and PATCH run the same update (`updateImage` and `patchImage` in the document). */
export const updateImage: Controller = ({ service, tenant, input, params, origin }) => service.update(tenant, params.id ?? '', input, origin);

export const deleteImage: Controller = ({ service, tenant, params }) => service.destroy(tenant, params.id ?? '');

/** `Route::fallback()` under api/v1: an unknown resource, once authenticated (with or without API access). */
export const unknownResource: Controller = () => fail({ kind: 'resource-not-found' });

/**
 * The controller stage: runs a controller and answers with its JSON, keeping its warnings. The
 * reads answer at once; the writes may wait for a shared store.
 */
export function runController(controller: Controller, call: ControllerCall, warnings: string[]): MaybePromise<ApiResponse> {
  const result = controller(call);
  return andThen(result, (settled) => answerWith(settled, warnings));
}

function answerWith(result: ServiceResult, warnings: string[]): ApiResponse {
  warnings.push(...result.warnings);
  return encodedControllerJson(result.status, result.json, result.bytes);
}
