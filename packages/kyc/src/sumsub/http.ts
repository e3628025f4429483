/** One signed request to SumSub. Failures are `InfrastructureError`s carrying SumSub's status and error text, never our secrets. */
import { InfrastructureError } from '@polymancer/core';
import type { SumsubConfig } from './config.ts';
import { sumsubAuthHeaders } from './sign.ts';
import { errorWire } from './wire.ts';

export class SumsubHttpError extends InfrastructureError {
  constructor(
    readonly status: number,
    description: string,
  ) {
    super(`SumSub answered ${status}: ${description}`, { retryable: status === 429 || status >= 500, details: { status } });
  }
}

export async function sumsubRequest(cfg: SumsubConfig, method: 'GET' | 'POST', pathWithQuery: string, json?: unknown): Promise<unknown> {
  const body = json === undefined ? null : JSON.stringify(json);
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...sumsubAuthHeaders(cfg.appToken, cfg.secretKey, cfg.clock.now().getTime(), method, pathWithQuery, body),
  };
  if (body !== null) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await (cfg.fetch ?? fetch)(`${cfg.baseUrl}${pathWithQuery}`, { method, headers, ...(body === null ? {} : { body }), signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000) });
  } catch (cause) {
    throw new InfrastructureError('SumSub could not be reached', { cause, retryable: true });
  }
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const e = errorWire.safeParse(parsed);
    throw new SumsubHttpError(res.status, (e.success ? e.data.description : undefined) ?? res.statusText);
  }
  return parsed;
}
