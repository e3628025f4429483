/** What every route module receives, and the helpers they share (JSON replies, L2 auth). */
import type { AdminAccessPolicy } from '../auth/admin-access.ts';
import type { ApiKeyRecord } from '../state/api-keys.ts';
import type { Exchange } from '../state/exchange.ts';
import { verifyL2 } from '../auth/l2.ts';
import type { HeaderBag } from '../auth/headers.ts';
import type { Faults } from '../faults.ts';
import type { WsHub } from '../ws/hub.ts';
import type { ChainMode } from '../chain/chain-mode.ts';
import type { LocalRelayer } from '../relayer/local-relayer.ts';

export interface RouteOptions {
  readonly chainId: number;
  /** Largest |server time − POLY_TIMESTAMP| accepted on L1 and L2 requests. */
  readonly authMaxSkewSecs: number;
  readonly marketsPageSize: number;
  readonly ordersPageSize: number;
  /** Mount `/_sim/*`. */
  readonly admin: boolean;
  /** Who may call `/_sim/*` (loopback, a bearer token; never in production). */
  readonly adminAccess: AdminAccessPolicy;
}

export interface SimContext {
  readonly exchange: Exchange;
  readonly options: RouteOptions;
  readonly faults: Faults;
  readonly hub: WsHub;
  /** Chain mode (`--rpc`): balances and allowances come from the chain. */
  readonly chain: ChainMode | undefined;
  /** Chain mode: Polymarket's relayer protocol on the local chain (`/relayer`). */
  readonly relayer?: LocalRelayer | undefined;
}

/** Every reply is JSON with an explicit status (errors are `{"error": "<message>"}`). */
export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export const errorReply = (status: number, message: string): Response => json(status, { error: message });

export interface RawRequest {
  readonly request: Request;
  readonly headers: HeaderBag;
  readonly body: unknown;
}

export function rawBody(body: unknown): string {
  return typeof body === 'string' ? body : '';
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** L2-authenticate a request; on failure the 401 reply to send. */
export async function authenticate(ctx: SimContext, raw: RawRequest): Promise<{ ok: true; key: ApiKeyRecord } | { ok: false; reply: Response }> {
  const url = new URL(raw.request.url);
  const result = await verifyL2(
    ctx.exchange.keys,
    raw.headers,
    { method: raw.request.method, path: url.pathname, body: rawBody(raw.body) },
    ctx.exchange.nowSecs(),
    ctx.options.authMaxSkewSecs,
  );
  if (!result.ok) return { ok: false, reply: errorReply(401, 'Unauthorized/Invalid api key') };
  return { ok: true, key: result.value };
}
