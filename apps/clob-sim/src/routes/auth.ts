/** API keys: L1 create/derive, L2 list/delete, read-only keys, closed-only status. */
import { Elysia } from 'elysia';
import { verifyL1 } from '../auth/l1.ts';
import type { HeaderBag } from '../auth/headers.ts';
import type { ApiKeyRecord } from '../state/api-keys.ts';
import { authenticate, errorReply, json, parseJson, rawBody, type SimContext } from './context.ts';

const creds = (record: ApiKeyRecord) => ({ apiKey: record.key, secret: record.secret, passphrase: record.passphrase });

export function authRoutes(ctx: SimContext) {
  const { exchange } = ctx;
  const l1 = (headers: HeaderBag) => verifyL1(headers, ctx.options.chainId, exchange.nowSecs(), ctx.options.authMaxSkewSecs);

  return new Elysia()
    .post('/auth/api-key', async ({ headers }) => {
      const identity = await l1(headers);
      if (!identity.ok) return errorReply(401, 'Invalid L1 Request headers');
      const record = exchange.keys.create(identity.value.address, identity.value.nonce);
      return record ? json(200, creds(record)) : errorReply(400, 'Could not create api key');
    })
    .get('/auth/derive-api-key', async ({ headers }) => {
      const identity = await l1(headers);
      if (!identity.ok) return errorReply(401, 'Invalid L1 Request headers');
      const record = exchange.keys.derive(identity.value.address, identity.value.nonce);
      return record ? json(200, creds(record)) : errorReply(400, 'Could not derive api key!');
    })
    .get('/auth/api-keys', async ({ request, headers, body }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      if (!auth.ok) return auth.reply;
      return json(200, { apiKeys: exchange.keys.listFor(auth.key.address) });
    })
    .delete('/auth/api-key', async ({ request, headers, body }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      if (!auth.ok) return auth.reply;
      exchange.keys.delete(auth.key.key);
      return json(200, 'OK');
    })
    .get('/auth/ban-status/closed-only', async ({ request, headers, body }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      if (!auth.ok) return auth.reply;
      return json(200, { closed_only: exchange.wallets.flags(auth.key.address).closedOnly });
    })
    .post('/auth/readonly-api-key', async ({ request, headers, body }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      if (!auth.ok) return auth.reply;
      return json(200, { apiKey: exchange.keys.createReadonly(auth.key.address) });
    })
    .get('/auth/readonly-api-keys', async ({ request, headers, body }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      if (!auth.ok) return auth.reply;
      return json(200, exchange.keys.listReadonly(auth.key.address));
    })
    .delete('/auth/readonly-api-key', async ({ request, headers, body }) => {
      const auth = await authenticate(ctx, { request, headers, body });
      if (!auth.ok) return auth.reply;
      const parsed = parseJson(rawBody(body));
      const key = parsed.ok ? (parsed.value as { key?: unknown })?.key : undefined;
      if (typeof key !== 'string') return errorReply(400, 'Invalid payload');
      return json(200, exchange.keys.deleteReadonly(auth.key.address, key));
    })
    .get('/auth/validate-readonly-api-key', ({ query }) => {
      const address = query['address'];
      const key = query['key'];
      if (!address || !key) return errorReply(400, 'Invalid payload');
      return json(200, exchange.keys.isReadonlyFor(address, key));
    });
}
