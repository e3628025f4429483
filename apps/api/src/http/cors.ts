/** CORS for the configured origins only; credentials allowed (browser sessions use cookies). */
export function corsHeadersFor(origin: string | null, allowed: ReadonlySet<string>): Record<string, string> | null {
  if (origin === null || !allowed.has(origin)) return null;
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    vary: 'Origin',
  };
}

export const corsPreflightHeaders: Readonly<Record<string, string>> = {
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, x-request-id',
  'access-control-max-age': '600',
};
