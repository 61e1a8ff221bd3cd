/**
 * The one way the pages reach the API: openapi-fetch over the generated OpenAPI types
 * (schema.d.ts), with the signed-in user's token, and every error turned into an ApiError that
 * carries the server's Chinese message and its per-field details.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { answeredKeyedWrite, fetchRetrying, isTransientUnavailable } from './retry';
import type { components, paths } from './schema';
import { expireSession, getSession } from './session';

export type Schemas = components['schemas'];

export interface ErrorDetail {
  field?: string;
  code: string;
  message: string;
  messageZh: string;
}

/** The API's one error shape (README "API"), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageZh: string,
    readonly details: ErrorDetail[] = [],
    /**
     * The request may still take effect (no answer, or a dependency that did not answer in time):
     * send it again with the same Idempotency-Key. Otherwise a new attempt needs a new key.
     */
    readonly sameKeyMayRetry = status === 0,
  ) {
    super(messageZh);
  }
}

const auth: Middleware = {
  onRequest({ request }) {
    const session = getSession();
    if (session) request.headers.set('Authorization', `Bearer ${session.token}`);
    return request;
  },
  onResponse({ request, response }) {
    // A token that expired (or an account deactivated meanwhile): back to 登录, the work stays in the browser.
    if (response.status === 401 && request.headers.has('Authorization'))
      expireSession('登录已过期，请重新登录。未提交的内容已保存在本浏览器中。');
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '', fetch: fetchRetrying });
api.use(auth);

/** What a person is told when a dependency stayed unavailable (for a keyed write: through the retries of ./retry.ts). */
const BUSY_MESSAGE = '服务暂时繁忙（流程服务或数据库未及时响应），请稍后再试。';
const RESUBMIT_IS_SAFE = '已填写的内容仍在，再次提交不会重复生效。';

function toApiError(error: unknown, response: Response | undefined): ApiError {
  const e = (error ?? {}) as Partial<{ code: string; messageZh: string; message: string; details: ErrorDetail[] }>;
  const status = response?.status ?? 0;
  // The API's words for this 503 are for programs (retry with the same Idempotency-Key), and its details name no form field.
  if (status === 503 && isTransientUnavailable(error)) {
    const keyed = answeredKeyedWrite(response);
    return new ApiError(503, e.code ?? 'UNAVAILABLE', keyed ? `${BUSY_MESSAGE}${RESUBMIT_IS_SAFE}` : BUSY_MESSAGE, [], true);
  }
  const fallback = status ? `请求失败（${status}）` : '无法连接服务器，请检查网络后重试';
  return new ApiError(status, e.code ?? 'UNKNOWN', e.messageZh ?? fallback, Array.isArray(e.details) ? e.details : []);
}

interface FetchResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** The body of a successful answer, typed by the OpenAPI document; throws ApiError otherwise. */
export async function call<D>(request: Promise<FetchResult<D>>): Promise<D> {
  let result: FetchResult<D>;
  try {
    result = await request;
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (result.error !== undefined || !result.response.ok) throw toApiError(result.error, result.response);
  return result.data as D;
}

/**
 * For answers whose schema ./views.ts refines (a field the OpenAPI document describes only as an
 * object: the lifecycle state, the summary document): the body as that view type. The request
 * side is still checked against the document.
 */
export async function callAs<T>(request: Promise<FetchResult<unknown>>): Promise<T> {
  return (await call(request)) as T;
}

/** A fresh Idempotency-Key (crypto.randomUUID needs a secure context; http://<ip> is not one). */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto && window.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Multipart upload (openapi-fetch sends JSON): same token and error mapping. */
export async function upload<T>(url: string, form: FormData): Promise<T> {
  const session = getSession();
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body: form, headers: session ? { Authorization: `Bearer ${session.token}` } : {} });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 401 && session) expireSession('登录已过期，请重新登录。');
  if (!response.ok) throw toApiError(body, response);
  return body as T;
}

/** Downloads an attachment with the token, then hands it to the browser as a file. */
export async function download(url: string, fileName: string): Promise<void> {
  const session = getSession();
  const response = await fetch(url, { headers: session ? { Authorization: `Bearer ${session.token}` } : {} });
  if (!response.ok) throw toApiError(await response.json().catch(() => null), response);
  const href = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** An HTML page of the API (the summary reader), fetched with the token: iframes cannot send it themselves. */
export async function fetchText(url: string): Promise<string> {
  const session = getSession();
  let response: Response;
  try {
    response = await fetch(url, { headers: session ? { Authorization: `Bearer ${session.token}` } : {} });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (response.status === 401 && session) expireSession('登录已过期，请重新登录。');
  if (!response.ok) throw toApiError(await response.json().catch(() => null), response);
  return response.text();
}
