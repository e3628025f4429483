/** The in-app notification routes: happy path, errors, and the authorization group. */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { authorizationSuite, type AuthzFixture, type AuthzRoute } from '../../../test/authz-harness.ts';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { bearer, browserSession, errorOf, json, signUp, type SignedIn } from './accounts-helpers.ts';

const routes: readonly AuthzRoute[] = [
  { name: 'GET /api/v1/notifications', method: 'GET', path: () => '/api/v1/notifications', crossUser: 'own' },
  { name: 'POST /api/v1/notifications/:id/read', method: 'POST', path: (id) => `/api/v1/notifications/${id}/read` },
  { name: 'POST /api/v1/notifications/read-all', method: 'POST', path: () => '/api/v1/notifications/read-all', crossUser: 'own' },
];

interface Page {
  items: Array<{ id: string; kind: string; title: string; body: string; readAt: string | null; data: Record<string, unknown> }>;
  nextCursor: string | null;
  unreadCount: number;
}

for (const engine of testEngines()) {
  describe(`notification routes on ${engine}`, () => {
    let h: ApiHarness;
    let a: SignedIn;
    let b: SignedIn;
    let fixture: AuthzFixture;
    let ids: [string, string, string];

    const get = async (user: SignedIn, path: string) => h.request(path, bearer(user.token));
    const page = async (user: SignedIn, query = '') => (await (await get(user, `/api/v1/notifications${query}`)).json()) as Page;

    beforeAll(async () => {
      h = await createApiHarness(engine);
      a = await signUp(h, 'notify-a');
      b = await signUp(h, 'notify-b');
      const leaving = await signUp(h, 'notify-leaving');
      await h.request('/api/auth/sign-out', bearer(leaving.token, json({})));
      const made: string[] = [];
      for (let n = 0; n < 3; n += 1) {
        h.clock.advance(1_000);
        made.push((await h.deps.notifications.notify(a.userId, 'credentials.export.cancelled', { requestId: `exr_${n}` })).id);
      }
      ids = made as [string, string, string];
      fixture = { request: (p, init) => h.request(p, init), owner: { userId: a.userId, token: a.token }, other: { userId: b.userId, token: b.token }, resourceId: ids[0], staleToken: leaving.token, browserSession };
    }, 60_000);
    afterAll(() => h.dispose(), 60_000);

    test('lists the caller’s notifications newest first, with the unread count, page by page', async () => {
      const first = await page(a, '?limit=2');
      expect(first.items.map((n) => n.id)).toEqual([ids[2], ids[1]]);
      expect(first.items[0]).toMatchObject({ kind: 'credentials.export.cancelled', title: 'Credential export cancelled', readAt: null, data: { requestId: 'exr_2' } });
      expect(first.unreadCount).toBe(3);
      const second = await page(a, `?limit=2&cursor=${first.nextCursor}`);
      expect(second.items.map((n) => n.id)).toEqual([ids[0]]);
      expect(second.nextCursor).toBeNull();
      expect((await page(b)).items).toEqual([]);
    });

    test('marks one read (keeping the first time), then all', async () => {
      const res = await h.request(`/api/v1/notifications/${ids[1]}/read`, bearer(a.token, { method: 'POST' }));
      expect(res.status).toBe(200);
      const readAt = ((await res.json()) as { readAt: string }).readAt;
      expect(readAt).toBe(h.clock.now().toISOString());
      h.clock.advance(60_000);
      const again = (await (await h.request(`/api/v1/notifications/${ids[1]}/read`, bearer(a.token, { method: 'POST' }))).json()) as { readAt: string };
      expect(again.readAt).toBe(readAt);
      expect((await page(a, '?unread=true')).items.map((n) => n.id)).toEqual([ids[2], ids[0]]);
      const all = await h.request('/api/v1/notifications/read-all', bearer(a.token, { method: 'POST' }));
      expect(await all.json()).toEqual({ marked: 2 });
      expect(await page(a, '?unread=true')).toMatchObject({ items: [], unreadCount: 0 });
    });

    test('a bad limit or cursor is 422 naming the parameter; an unknown notification is 404', async () => {
      for (const query of ['?limit=0', '?limit=101', '?cursor=bm9wZQ']) {
        const res = await get(a, `/api/v1/notifications${query}`);
        expect(res.status).toBe(422);
        expect((await errorOf(res)).code).toBe('validation_failed');
      }
      const missing = await h.request('/api/v1/notifications/ntf_doesnotexist/read', bearer(a.token, { method: 'POST' }));
      expect(missing.status).toBe(404);
      expect((await errorOf(missing)).code).toBe('not_found');
    });

    authorizationSuite(() => fixture, routes);
  });
}
