/**
 * The simulator's admin API, mounted only in local mode under `/_sim/*`: fund wallets, register
 * proxy/Safe/1271 owners, create and resolve markets, inject faults. Who may call it (loopback, the
 * admin bearer token, never production) is decided before routing (`auth/admin-access.ts`).
 */
import { Elysia } from 'elysia';
import { isAddress } from 'viem';
import type { MarketKind, SimMarket } from '../markets/types.ts';
import { MICROS, parseBaseUnits, parseDecimalMicros } from '../wire/decimal.ts';
import { renderMarket } from '../wire/render.ts';
import { errorReply, json, parseJson, rawBody, type SimContext } from './context.ts';

function walletView(ctx: SimContext, address: string) {
  const wallet = ctx.exchange.wallets.get(address);
  return {
    address: address.toLowerCase(),
    collateral: String(wallet.collateralMicros),
    tokens: Object.fromEntries([...wallet.tokens].map(([id, amount]) => [id, String(amount)])),
    allowances: Object.fromEntries([...wallet.allowances].map(([spender, amount]) => [spender, amount.toString()])),
  };
}

const tradingModes = ['normal', 'cancel-only', 'post-only', 'disabled', 'paused'];

const doc = (summary: string, description?: string) => ({ summary, tags: ['simulator admin'], ...(description ? { description } : {}) });

export function adminRoutes(ctx: SimContext) {
  const { exchange, faults, hub, chain } = ctx;
  return new Elysia({ prefix: '/_sim' })
    .get('/chain', () => (chain ? json(200, chain.info) : errorReply(404, 'no chain attached (ledger-only mode)')), {
      detail: doc('The local chain (chain mode)', '→ `{ rpcUrl, chainId, admin, contracts: { pusd, usdce, conditionalTokens, exchangeV2, negRiskExchangeV2, exchangeV3, ctfCollateralAdapter, negRiskCtfCollateralAdapter, collateralOnramp, depositWalletFactory } }`; 404 in ledger-only mode.'),
    })
    .get('/faults', () => json(200, faults.settings), { detail: doc('Current fault settings') })
    .delete('/faults', () => json(200, faults.reset()), { detail: doc('Clear every injected fault') })
    .post('/faults', ({ body }) => {
      const parsed = parseJson(rawBody(body) || '{}');
      if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return errorReply(400, 'invalid body');
      const input = parsed.value as Record<string, unknown>;
      const patch: Record<string, unknown> = {};
      for (const key of ['latencyMs', 'errorStatus', 'rateLimit', 'rateLimitWindowMs']) {
        const value = input[key];
        if (value === undefined) continue;
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return errorReply(400, `${key} must be a non-negative integer`);
        patch[key] = value;
      }
      for (const key of ['errorRate', 'dropRate', 'settlementFailureRate']) {
        const value = input[key];
        if (value === undefined) continue;
        if (typeof value !== 'number' || value < 0 || value > 1) return errorReply(400, `${key} must be between 0 and 1`);
        patch[key] = value;
      }
      if (input['tradingMode'] !== undefined) {
        if (typeof input['tradingMode'] !== 'string' || !tradingModes.includes(input['tradingMode'])) return errorReply(400, `tradingMode must be one of ${tradingModes.join(', ')}`);
        patch['tradingMode'] = input['tradingMode'];
      }
      return json(200, faults.update(patch));
    }, { detail: doc('Inject faults', 'Body (all optional): `latencyMs`, `errorRate` (0–1) with `errorStatus`, `rateLimit` per `rateLimitWindowMs` (429 with Retry-After / X-RateLimit-*), `dropRate` (0–1), `tradingMode` (normal | cancel-only | post-only | disabled | paused), `settlementFailureRate` (0–1).') })
    .post('/faults/ws-disconnect', () => json(200, { disconnected: hub.disconnectAll() }), { detail: doc('Drop every WebSocket connection (close code 1012)', '→ `{ disconnected: <count> }`') })
    .get('/wallets/:address', async ({ params }) => {
      if (!isAddress(params.address)) return errorReply(400, 'invalid address');
      await exchange.refreshFunds(params.address);
      return json(200, walletView(ctx, params.address));
    }, {
      detail: doc('A wallet: collateral, tokens and allowances in base units'),
    })
    .post('/wallets/:address', async ({ params, body }) => {
      if (!isAddress(params.address)) return errorReply(400, 'invalid address');
      const parsed = parseJson(rawBody(body) || '{}');
      if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return errorReply(400, 'invalid body');
      const input = parsed.value as { collateral?: unknown; tokens?: Record<string, unknown>; allowance?: unknown };
      const collateral = parseBaseUnits(input.collateral ?? '0');
      if (collateral === undefined || collateral > BigInt(Number.MAX_SAFE_INTEGER)) return errorReply(400, 'collateral must be base units');
      const tokens = new Map<string, number>();
      for (const [tokenId, amount] of Object.entries(input.tokens ?? {})) {
        const units = parseBaseUnits(amount);
        if (units === undefined || units > BigInt(Number.MAX_SAFE_INTEGER)) return errorReply(400, `token ${tokenId} amount must be base units`);
        if (!exchange.marketByToken(tokenId)) return errorReply(400, `unknown token ${tokenId}`);
        tokens.set(tokenId, Number(units));
      }
      const allowance = input.allowance === undefined ? undefined : parseBaseUnits(input.allowance);
      if (input.allowance !== undefined && allowance === undefined) return errorReply(400, 'allowance must be base units');
      if (chain) await chain.fund(params.address, collateral, tokens, ...(allowance === undefined ? [] : [allowance]));
      else exchange.fundWallet(params.address, Number(collateral), tokens, ...(allowance === undefined ? [] : [allowance]));
      return json(200, walletView(ctx, params.address));
    }, { detail: doc('Fund a wallet', 'Body: `{ "collateral": "<base units>", "tokens": { "<token id>": "<base units>" }, "allowance"?: "<base units>" }`. Adds the amounts and sets every exchange allowance (unlimited unless `allowance` is given).') })
    .post('/accounts/:address', ({ params, body }) => {
      const parsed = parseJson(rawBody(body) || '{}');
      const input = (parsed.ok ? parsed.value : {}) as { newAccount?: unknown; closedOnly?: unknown };
      if (!isAddress(params.address)) return errorReply(400, 'invalid address');
      const patch: { newAccount?: boolean; closedOnly?: boolean } = {};
      if (typeof input.newAccount === 'boolean') patch.newAccount = input.newAccount;
      if (typeof input.closedOnly === 'boolean') patch.closedOnly = input.closedOnly;
      return json(200, { address: params.address.toLowerCase(), ...exchange.wallets.setFlags(params.address, patch) });
    }, { detail: doc('Set account restrictions', 'Body: `{ "newAccount"?: boolean, "closedOnly"?: boolean }` for the account of an API-key address (EOA). `newAccount`: EOA/proxy/Safe makers are refused with "maker address not allowed, please use the deposit wallet flow". `closedOnly`: `/auth/ban-status/closed-only` answers true and BUY orders are refused.') })
    .post('/wallets/:address/owner', ({ params, body }) => {
      const parsed = parseJson(rawBody(body) || '{}');
      const input = (parsed.ok ? parsed.value : {}) as { owner?: unknown; signatureType?: unknown };
      if (!isAddress(params.address) || typeof input.owner !== 'string' || !isAddress(input.owner)) return errorReply(400, 'invalid address');
      if (input.signatureType !== 1 && input.signatureType !== 2 && input.signatureType !== 3) return errorReply(400, 'signatureType must be 1, 2 or 3');
      exchange.wallets.registerOwner(params.address, { owner: input.owner, signatureType: input.signatureType });
      return json(200, { wallet: params.address.toLowerCase(), owner: input.owner.toLowerCase(), signatureType: input.signatureType });
    }, { detail: doc('Register the owner of a proxy / Safe / deposit wallet', 'Body: `{ "owner": "0x…", "signatureType": 1 | 2 | 3 }`. Orders with that maker and signature type are then accepted when signed by the owner.') })
    .post('/relayer/api-keys', ({ body }) => {
      if (!ctx.relayer) return errorReply(404, 'no relayer: the local exchange runs without a chain');
      const parsed = parseJson(rawBody(body) || '{}');
      const address = parsed.ok ? (parsed.value as { address?: unknown } | null)?.address : undefined;
      if (typeof address !== 'string' || !isAddress(address)) return errorReply(400, 'address is required');
      return json(200, ctx.relayer.issueApiKey(address));
    }, { detail: doc('Issue a Relayer API key', 'Body: `{ "address": "0x…" }` → `{ apiKey, address }`: send them as `RELAYER_API_KEY` / `RELAYER_API_KEY_ADDRESS` to `/relayer/submit`.') })
    .post('/relayer/builder-keys', () => (ctx.relayer ? json(200, ctx.relayer.issueBuilderKey()) : errorReply(404, 'no relayer: the local exchange runs without a chain')), {
      detail: doc('Issue Builder API credentials for the relayer', '→ `{ key, secret, passphrase }` for the `POLY_BUILDER_*` HMAC headers.'),
    })
    .post('/relayer/faults', ({ body }) => {
      if (!ctx.relayer) return errorReply(404, 'no relayer: the local exchange runs without a chain');
      const parsed = parseJson(rawBody(body) || '{}');
      const input = (parsed.ok ? parsed.value : {}) as { submit?: unknown; count?: unknown; delayMs?: unknown };
      const kinds = ['error_before_send', 'error_after_send', 'delay_after_send'];
      if (input.submit !== null && !kinds.includes(String(input.submit))) return errorReply(400, `submit must be null or one of ${kinds.join(', ')}`);
      const count = typeof input.count === 'number' && Number.isInteger(input.count) && input.count > 0 ? input.count : 1;
      const delayMs = typeof input.delayMs === 'number' && input.delayMs >= 0 && input.delayMs <= 60_000 ? input.delayMs : 2_000;
      ctx.relayer.setFault(input.submit as never, count, delayMs);
      return json(200, { submit: input.submit, count, delayMs });
    }, { detail: doc('Make the relayer lose its answers', 'Body: `{ "submit": "error_before_send" | "error_after_send" | "delay_after_send" | null, "count"?: 1, "delayMs"?: 2000 }`: the next `count` submits answer 503 without sending, 503 after sending, or only after `delayMs` once sent.') })
    .post('/wallets/:address/redeem', ({ params, body }) => {
      const parsed = parseJson(rawBody(body) || '{}');
      const conditionId = parsed.ok ? (parsed.value as { conditionId?: unknown } | null)?.conditionId : undefined;
      const market = typeof conditionId === 'string' ? exchange.market(conditionId) : undefined;
      if (!isAddress(params.address) || !market) return errorReply(400, 'address and a known conditionId are required');
      if (chain) return errorReply(409, 'chain mode: redeem on chain through the collateral adapter (redeemPositions with pUSD), then the balance follows');
      const redeemed = exchange.redeem(params.address, market);
      if (!redeemed) return errorReply(400, 'market is not resolved');
      return json(200, { redeemed: String(redeemed.redeemedMicros), wallet: walletView(ctx, params.address) });
    }, { detail: doc('Redeem a resolved market', 'Body: `{ "conditionId": "0x…" }`. Each share pays the payout of its outcome (1 pUSD for a winner, 0.5 each after a 50/50), rounded down per outcome, as the CTF redeems on chain.') })
    .post('/markets', async ({ body }) => {
      const parsed = parseJson(rawBody(body) || '{}');
      const input = (parsed.ok ? parsed.value : {}) as Record<string, unknown>;
      const kind = (input['kind'] ?? 'binary') as MarketKind;
      if (typeof input['question'] !== 'string' || !['binary', 'neg-risk', 'position'].includes(kind)) return errorReply(400, 'question and kind are required');
      const micros = (key: string): number | undefined | null => {
        const value = input[key];
        if (value === undefined) return undefined;
        return typeof value === 'string' ? (parseDecimalMicros(value) ?? null) : null;
      };
      const tick = micros('tickSize');
      const minSize = micros('minOrderSize');
      const feeRate = micros('feeRate');
      const fair = micros('fairValue');
      if (tick === null || minSize === null || feeRate === null || fair === null) return errorReply(400, 'tickSize, minOrderSize, feeRate and fairValue are decimal strings');
      const outcomes = Array.isArray(input['outcomes']) ? (input['outcomes'] as string[]) : undefined;
      const market = exchange.createMarket({
        question: input['question'],
        kind,
        ...(outcomes ? { outcomes } : {}),
        ...(tick !== undefined ? { tickSizeMicros: tick } : {}),
        ...(minSize !== undefined ? { minOrderSizeMicros: minSize } : {}),
        ...(feeRate !== undefined ? { fee: { ratePpm: feeRate, exponent: typeof input['feeExponent'] === 'number' ? input['feeExponent'] : 1 } } : {}),
        ...(fair !== undefined ? { fairValueMicros: fair } : {}),
      });
      await chain?.prepareMarket(market);
      return json(200, renderMarket(market));
    }, { detail: doc('Create a market (empty book)', 'Body: `{ "question": "…", "kind": "binary" | "neg-risk" | "position", "outcomes"?: ["Yes","No"], "tickSize"?: "0.01", "minOrderSize"?: "5", "feeRate"?: "0.02", "feeExponent"?: 1, "fairValue"?: "0.5" }` → the market object.') })
    .post('/markets/:conditionId/tick-size', ({ params, body }) => {
      const market = exchange.market(params.conditionId);
      if (!market) return errorReply(404, 'market not found');
      const parsed = parseJson(rawBody(body) || '{}');
      const text = parsed.ok ? (parsed.value as { tickSize?: unknown } | null)?.tickSize : undefined;
      const tick = typeof text === 'string' ? parseDecimalMicros(text) : undefined;
      if (tick === undefined || ![100_000, 10_000, 1_000, 100].includes(tick)) return errorReply(400, 'tickSize must be 0.1, 0.01, 0.001 or 0.0001');
      exchange.changeTickSize(market, tick);
      return json(200, renderMarket(market));
    }, { detail: doc('Change a market tick size', 'Body: `{ "tickSize": "0.001" }`; emits `tick_size_change` on the market channel.') })
    .post('/markets/:conditionId/accepting-orders', ({ params, body }) => {
      const market = exchange.market(params.conditionId);
      if (!market) return errorReply(404, 'market not found');
      const parsed = parseJson(rawBody(body) || '{}');
      const accepting = parsed.ok ? (parsed.value as { acceptingOrders?: unknown } | null)?.acceptingOrders : undefined;
      if (typeof accepting !== 'boolean') return errorReply(400, 'acceptingOrders must be a boolean');
      // Polymarket stops a market accepting orders (e.g. ahead of its event) before it closes; orders are refused meanwhile.
      market.acceptingOrders = accepting;
      return json(200, renderMarket(market));
    }, { detail: doc('Stop or restart a market accepting orders', 'Body: `{ "acceptingOrders": false }`; orders are refused with "the market is not yet ready to process new orders" while false.') })
    .post('/markets/:conditionId/resolve', async ({ params, body }) => {
      const market = exchange.market(params.conditionId);
      if (!market) return errorReply(404, 'market not found');
      if (market.closed) return errorReply(409, 'market is already resolved');
      const parsed = parseJson(rawBody(body) || '{}');
      const payouts = parsed.ok ? resolutionPayouts(market, parsed.value) : { error: 'invalid body' };
      if ('error' in payouts) return errorReply(400, payouts.error);
      exchange.resolveMarketWithPayouts(market, payouts.payouts);
      // Chain mode: the oracle reports payouts to the CTF, so positions redeem on chain.
      await chain?.resolve(market);
      return json(200, renderMarket(market));
    }, { detail: doc('Resolve a market', 'Body: `{ "winner": "<token id>" }` (1 pUSD a share for it, nothing for the others), `{ "payouts": { "<token id>": "0.5", "<token id>": "0.5" } }` (what one share of each outcome pays, decimal strings summing to 1: a 50/50 or any split; outcomes not named pay 0), or `{ "invalid": true }` (an equal split, as Polymarket settles a market resolved invalid). Stops accepting orders and cancels open orders; Gamma then shows the payouts as `outcomePrices`.') });
}

/** The payouts a resolve body names, or why it names none. */
function resolutionPayouts(market: SimMarket, body: unknown): { payouts: Map<string, number> } | { error: string } {
  const input = (typeof body === 'object' && body !== null ? body : {}) as { winner?: unknown; payouts?: unknown; invalid?: unknown };
  const tokenIds = market.tokens.map((t) => t.tokenId);
  if (input.winner !== undefined) {
    if (typeof input.winner !== 'string' || !tokenIds.includes(input.winner)) return { error: 'winner must be one of the market token ids' };
    return { payouts: new Map(tokenIds.map((id) => [id, id === input.winner ? MICROS : 0])) };
  }
  if (input.invalid === true) {
    // An equal split; a remainder micro (3 outcomes) goes to the first outcome so the payouts sum to 1.
    const each = Math.floor(MICROS / tokenIds.length);
    return { payouts: new Map(tokenIds.map((id, i) => [id, each + (i === 0 ? MICROS - each * tokenIds.length : 0)])) };
  }
  if (typeof input.payouts !== 'object' || input.payouts === null || Array.isArray(input.payouts)) return { error: 'one of winner, payouts or invalid is required' };
  const payouts = new Map<string, number>();
  for (const [tokenId, text] of Object.entries(input.payouts as Record<string, unknown>)) {
    if (!tokenIds.includes(tokenId)) return { error: `unknown token ${tokenId}` };
    const micros = typeof text === 'string' ? parseDecimalMicros(text) : undefined;
    if (micros === undefined || micros < 0 || micros > MICROS) return { error: `payout of ${tokenId} must be a decimal string between 0 and 1` };
    payouts.set(tokenId, micros);
  }
  const sum = [...payouts.values()].reduce((a, b) => a + b, 0);
  if (sum !== MICROS) return { error: 'payouts must sum to 1' };
  return { payouts };
}
