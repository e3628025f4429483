/**
 * Per-request facts resolved once, when the request arrives (`onRequest` in `app.ts`), and read by
 * every later hook and route: the request id, the client IP by the API's one rule (`client-ip.ts`),
 * the user agent. Readable in `onError` too, which runs before `derive` on parse failures.
 */
export interface RequestMeta {
  readonly requestId: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly startedAt: number;
}

const requestMeta = new WeakMap<Request, RequestMeta>();

export function rememberMeta(request: Request, meta: RequestMeta): void {
  requestMeta.set(request, meta);
}

export function metaOf(request: Request): RequestMeta {
  return requestMeta.get(request) ?? { requestId: 'req_unknown', ip: null, userAgent: null, startedAt: performance.now() };
}
