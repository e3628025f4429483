import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { bearer, errorOf, json, signUp } from './accounts-helpers.ts';
import { botBody, createBot, send } from './bots-helpers.ts';

for (const engine of testEngines()) {
  describe(`per-user bot quota on ${engine}`, () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await createApiHarness(engine, { MAX_BOTS_PER_USER: '3' });
    }, 60_000);
    afterAll(() => h.dispose(), 60_000);

    test('refuses the bot past MAX_BOTS_PER_USER with 409 bot_quota_exceeded; other users are not affected', async () => {
      const a = await signUp(h, 'quota-a');
      for (let i = 0; i < 3; i++) await createBot(h, a.token, { name: `bot ${i}` });
      const refused = await h.request('/api/v1/bots', bearer(a.token, json(botBody({ name: 'one too many' }))));
      expect(refused.status).toBe(409);
      const e = await errorOf(refused);
      expect(e.code).toBe('bot_quota_exceeded');
      expect(e.details).toEqual({ maxBotsPerUser: 3 });
      const list = (await (await send(h, a.token, 'GET', '/api/v1/bots')).json()) as { items: unknown[] };
      expect(list.items).toHaveLength(3);
      const b = await signUp(h, 'quota-b');
      await createBot(h, b.token);
    });

    test('a deleted bot frees its place', async () => {
      const a = await signUp(h, 'quota-delete');
      const bots = [];
      for (let i = 0; i < 3; i++) bots.push(await createBot(h, a.token, { name: `bot ${i}` }));
      expect((await send(h, a.token, 'DELETE', `/api/v1/bots/${bots[0]!.id}`)).status).toBe(204);
      await createBot(h, a.token, { name: 'replacement' });
    });

    test('creates racing for the last places never exceed the quota', async () => {
      const a = await signUp(h, 'quota-race');
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => h.request('/api/v1/bots', bearer(a.token, json(botBody({ name: `racer ${i}` }))))));
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(3);
      expect(statuses.filter((s) => s === 409)).toHaveLength(5);
      const list = (await (await send(h, a.token, 'GET', '/api/v1/bots')).json()) as { items: unknown[] };
      expect(list.items).toHaveLength(3);
    });
  });
}
