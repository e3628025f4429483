import type { Clock } from '@polymancer/core';

export interface SumsubConfig {
  /** `https://api.sumsub.com` (the app token decides sandbox or production). */
  readonly baseUrl: string;
  readonly appToken: string;
  readonly secretKey: string;
  readonly webhookSecret: string;
  readonly levelName: string;
  readonly accessTokenTtlSecs: number;
  /** Signs requests with this clock's time (`X-App-Access-Ts`). */
  readonly clock: Clock;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}
