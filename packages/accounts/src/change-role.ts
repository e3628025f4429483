/**
 * Operators change a user's role. Guarantees: only an operator can; the change and the check that
 * at least one operator remains happen in one transaction holding the operators' rows, so two
 * concurrent demotions cannot leave the platform without an operator; every change is audited
 * with the old and new role.
 */
import type { AuditLog } from '@polymancer/audit';
import { err, ok, type Result } from '@polymancer/core';
import { schema, type Database } from '@polymancer/db';
import { eq } from 'drizzle-orm';
import type { RequestMeta } from './request-meta.ts';
import { isOperator, type Role } from './roles.ts';
import type { SignedInSession } from './session.ts';

export interface RoleChange {
  readonly userId: string;
  readonly from: Role;
  readonly to: Role;
  readonly changed: boolean;
}

export type RoleChangeFailure =
  | { readonly code: 'forbidden' }
  | { readonly code: 'not_found' }
  | { readonly code: 'last_operator' };

export async function changeRole(
  deps: { readonly db: Database; readonly audit: AuditLog },
  actor: SignedInSession,
  input: { readonly userId: string; readonly role: Role },
  meta: RequestMeta,
): Promise<Result<RoleChange, RoleChangeFailure>> {
  if (!isOperator(actor.user.role)) return err({ code: 'forbidden' });
  const users = schema.users;
  const outcome = await deps.db.transaction(async (tx): Promise<Result<RoleChange, RoleChangeFailure>> => {
    // Lock the operators first, then the target: every writer takes the locks in the same order.
    const operators = await tx.select({ id: users.id }).from(users).where(eq(users.role, 'operator')).for('update');
    const [target] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.id, input.userId)).for('update');
    if (target === undefined) return err({ code: 'not_found' });
    const from = target.role as Role;
    if (from === input.role) return ok({ userId: target.id, from, to: input.role, changed: false });
    if (from === 'operator' && operators.length <= 1) return err({ code: 'last_operator' });
    await tx.update(users).set({ role: input.role, updatedAt: new Date() }).where(eq(users.id, target.id));
    return ok({ userId: target.id, from, to: input.role, changed: true });
  });
  if (outcome.ok && outcome.value.changed) {
    await deps.audit.record({
      actorId: actor.user.id,
      actorType: 'operator',
      action: 'user.role.changed',
      subjectType: 'user',
      subjectId: outcome.value.userId,
      ...meta,
      details: { from: outcome.value.from, to: outcome.value.to },
    });
  }
  return outcome;
}
