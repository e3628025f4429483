import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { auditRows, bearer, errorOf, makeOperator, signUp, type SignedIn } from './accounts-helpers.ts';

for (const engine of testEngines()) {
  describe(`operator role guard on ${engine}`, () => {
    let h: ApiHarness;
    let operator: SignedIn;
    let member: SignedIn;
    beforeAll(async () => {
      h = await createApiHarness(engine);
      operator = await signUp(h, 'operator');
      await makeOperator(h, operator.userId);
      member = await signUp(h, 'member');
    });
    afterAll(() => h.dispose());

    const putRole = (token: string, userId: string, body: unknown) =>
      h.request(`/api/v1/operator/users/${userId}/role`, bearer(token, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));

    test('a non-operator is refused with 403 forbidden', async () => {
      const res = await putRole(member.token, member.userId, { role: 'operator' });
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe('forbidden');
      const me = (await (await h.request('/api/v1/me', bearer(member.token))).json()) as { role: string };
      expect(me.role).toBe('user');
    });

    test('a compliance user is not an operator either', async () => {
      const officer = await signUp(h, 'compliance');
      await h.database.handle.db.execute(`update users set role = 'compliance' where id = '${officer.userId}'` as never);
      const res = await putRole(officer.token, member.userId, { role: 'operator' });
      expect(res.status).toBe(403);
    });

    test('an operator changes a role; the change is audited with old and new role and the chain verifies', async () => {
      const target = await signUp(h, 'promoted');
      const res = await putRole(operator.token, target.userId, { role: 'compliance' });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ id: target.userId, role: 'compliance', previousRole: 'user' });
      const me = (await (await h.request('/api/v1/me', bearer(target.token))).json()) as { role: string };
      expect(me.role).toBe('compliance');
      const rows = (await auditRows(h)).filter((r) => r.action === 'user.role.changed' && r.subject_id === target.userId);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.actor_id).toBe(operator.userId);
      expect(rows[0]?.details).toEqual({ from: 'user', to: 'compliance' });
      const verdict = await h.deps.audit.verify();
      expect(verdict.ok).toBe(true);
    });

    test('the last operator cannot demote themselves: 409 conflict', async () => {
      const res = await putRole(operator.token, operator.userId, { role: 'user' });
      expect(res.status).toBe(409);
      expect((await errorOf(res)).code).toBe('conflict');
      const me = (await (await h.request('/api/v1/me', bearer(operator.token))).json()) as { role: string };
      expect(me.role).toBe('operator');
    });

    test('with a second operator, an operator may step down', async () => {
      const second = await signUp(h, 'second-operator');
      expect((await putRole(operator.token, second.userId, { role: 'operator' })).status).toBe(200);
      const res = await putRole(second.token, second.userId, { role: 'user' });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ id: second.userId, role: 'user', previousRole: 'operator' });
    });

    test('an unknown user is 404 not_found', async () => {
      const res = await putRole(operator.token, 'usr_doesnotexist000000000', { role: 'user' });
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe('not_found');
    });

    test('an unknown role is 422 validation_failed naming the field', async () => {
      const res = await putRole(operator.token, member.userId, { role: 'admin' });
      expect(res.status).toBe(422);
      const error = await errorOf(res);
      expect(error.code).toBe('validation_failed');
      expect((error.details?.issues as { path: string }[]).map((i) => i.path)).toContain('role');
    });
  });
}
