/** Balances and allowances, heartbeats, and the small account routes the client calls (L2). */
import { Elysia } from 'elysia';
import { authenticate, errorReply, json, parseJson, rawBody, type SimContext } from './context.ts';

export function accountRoutes(ctx: SimContext) {
  const { exchange } = ctx;

  const balanceAllowance = async (raw: { request: Request; headers: Record<string, string | undefined>; body: unknown; query: Record<string, string | undefined> }) => {
    const auth = await authenticate(ctx, raw);
    if (!auth.ok) return auth.reply;
    const { query } = raw;
    const signatureType = query['signature_type'] ?? '0';
    if (!/^[0-3]$/.test(signatureType)) return errorReply(400, 'Invalid signature_type');
    const st = Number(signatureType);
    const registered = st === 0 ? undefined : exchange.wallets.walletOwnedBy(auth.key.address, st);
    // Chain mode: a deposit wallet is found from its owner through the factory, as Polymarket derives it.
    const derived = st === 3 && !registered ? await ctx.chain?.depositWalletOf(auth.key.address) : undefined;
    const address = registered ?? derived ?? auth.key.address;
    const assetType = query['asset_type'];
    // Chain mode: balances and allowances are the chain's (as `/update` re-syncs them on Polymarket).
    await exchange.refreshFunds(address, query['token_id'] ? [query['token_id']] : []);
    let balance: number;
    if (assetType === 'COLLATERAL') balance = exchange.wallets.get(address).collateralMicros;
    else if (assetType === 'CONDITIONAL' || assetType === 'CONDITIONAL-V2') {
      const tokenId = query['token_id'];
      if (!tokenId) return errorReply(400, 'Invalid token id');
      balance = exchange.wallets.tokenBalance(address, tokenId);
    } else return errorReply(400, 'Invalid asset type');
    const { exchangeV2, negRiskExchangeV2, exchangeV3 } = exchange.contracts;
    const allowanceOf = (spender: string) => (assetType === 'COLLATERAL' ? exchange.wallets.allowance(address, spender) : exchange.wallets.tokenAllowance(address, spender));
    const allowances = Object.fromEntries([exchangeV2, negRiskExchangeV2, exchangeV3].map((spender) => [spender, allowanceOf(spender).toString()]));
    return json(200, { balance: String(balance), allowances });
  };

  return new Elysia()
    .get('/balance-allowance', ({ request, headers, body, query }) => balanceAllowance({ request, headers, body, query }))
    .get('/balance-allowance/update', ({ request, headers, body, query }) => balanceAllowance({ request, headers, body, query }))
    .post('/v1/heartbeats', async ({ request, headers, body }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      if (!auth.ok) return auth.reply;
      const parsed = parseJson(rawBody(body) || '{}');
      const id = parsed.ok ? (parsed.value as { heartbeat_id?: unknown } | null)?.heartbeat_id : undefined;
      if (id !== undefined && id !== null && typeof id !== 'string') return errorReply(400, 'Invalid payload');
      const beat = exchange.heartbeat(auth.key, id);
      return beat.ok ? json(200, { heartbeat_id: beat.id }) : json(400, { heartbeat_id: beat.id, error: 'Invalid Heartbeat ID' });
    })
    .get('/notifications', async ({ request, headers, body }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      return auth.ok ? json(200, []) : auth.reply;
    })
    .delete('/notifications', async ({ request, headers, body }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      return auth.ok ? json(200, 'OK') : auth.reply;
    })
    .get('/order-scoring', async ({ request, headers, body }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      return auth.ok ? json(200, { scoring: false }) : auth.reply;
    })
    .post('/orders-scoring', async ({ request, headers, body }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      if (!auth.ok) return auth.reply;
      const parsed = parseJson(rawBody(body));
      const ids = parsed.ok && Array.isArray(parsed.value) ? (parsed.value as unknown[]) : [];
      return json(200, Object.fromEntries(ids.filter((id) => typeof id === 'string').map((id) => [id, false])));
    });
}
