/**
 * Polymarket's relayer protocol on the local chain (relayer/local-relayer.ts), mounted under `/relayer`:
 * point `createPolymarketRelayer` (or POLYMARKET_RELAYER_URL) at `<exchange url>/relayer`. Chain mode only
 * (404 without a chain). `/submit` is authenticated like Polymarket's (Relayer API key or builder HMAC).
 */
import { Elysia } from 'elysia';
import type { LocalRelayer, RelayerReply } from '../relayer/local-relayer.ts';
import { errorReply, json, parseJson, rawBody } from './context.ts';

const reply = async (r: RelayerReply) => {
  if (r.delayMs !== undefined) await Bun.sleep(r.delayMs);
  return json(r.status, r.body);
};

const doc = (summary: string, description: string) => ({ summary, tags: ['relayer (local chain)'], description });

export function relayerRoutes(relayer: LocalRelayer | undefined) {
  const none = () => errorReply(404, 'no relayer: the local exchange runs without a chain');
  return new Elysia({ prefix: '/relayer' })
    .get('/v1/account/transactions/params', async ({ query }) => (relayer === undefined ? none() : reply(await relayer.params(query.address, query.type))), {
      detail: doc('Relay address and nonce', '`?address=<owner>&type=PROXY|SAFE|WALLET` → `{ address, nonce }`: the relay that sends the request, and the owner\'s RelayHub, Safe or deposit-wallet nonce.'),
    })
    .get('/v1/account/transactions/:id', ({ params }) => (relayer === undefined ? none() : reply(relayer.transaction(params.id))), {
      detail: doc('A relayed transaction', '→ `{ transaction_id, state, transaction_hash, error_msg? }`; `transaction_hash` is `""` until sent.'),
    })
    .post(
      '/submit',
      async ({ headers, body }) => {
        if (relayer === undefined) return none();
        const text = rawBody(body);
        if (!relayer.authorized(headers, 'POST', '/submit', text, Math.floor(Date.now() / 1000))) return errorReply(401, 'invalid authorization');
        const parsed = parseJson(text);
        if (!parsed.ok) return errorReply(400, 'invalid JSON');
        return reply(await relayer.submit(parsed.value));
      },
      { detail: doc('Submit a signed wallet request', '`{ type: WALLET | PROXY | SAFE, from, to, nonce, signature, … }` → `{ transactionID, state, transactionHash? }`.') },
    );
}
