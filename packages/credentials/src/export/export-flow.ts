/**
 * The key-export flow (the specification's delayed export).
 *
 * Guarantees:
 * - A request needs an active credential, no other pending request, and no export completed in the
 *   last 30 days — decided under the user's row lock, so two racing requests cannot both pass.
 * - It becomes completable 24 h after the request; completing marks it used (compare-and-set from
 *   `pending`) BEFORE the plaintext is read, so it is shown at most once even under a race or crash.
 * - The plaintext is read through the signing scope (buffers zeroed afterwards); strings handed to
 *   the HTTP response cannot be zeroed (see the scope's known limitations).
 * - Every step is audited with IP, user agent and time, and the user is emailed at request,
 *   completion and cancellation (notification outbox). Fresh authentication (and MFA when enrolled)
 *   is the route's guard.
 */
import { type Clock, NotFoundError, newId } from '@polymancer/core';
import { ExportNotReadyError, ExportRefusedError, NoActiveCredentialError } from '../errors.ts';
import type { AuditPort, CredentialStore, ExportRequestRecord, ExportRequestStore, RequestMeta } from '../ports.ts';

type RequestDecision =
  | { readonly refused: 'pending'; readonly pending: ExportRequestRecord }
  | { readonly refused: 'cooldown'; readonly retryAfter: Date }
  | { readonly refused: null; readonly record: ExportRequestRecord };
import { dayMs, type VaultSettings } from '../settings.ts';
import type { WithSigningKey } from '../signing-scope.ts';
import { walletTypeNames, type WalletType } from '../wallet-type.ts';

export interface ExportFlowDeps {
  readonly store: Pick<CredentialStore, 'active' | 'findById'>;
  readonly exports: ExportRequestStore;
  readonly withSigningKey: WithSigningKey;
  readonly audit: AuditPort;
  readonly notify: (userId: string, kind: string, data: Record<string, unknown>) => Promise<void>;
  readonly clock: Clock;
  readonly settings: VaultSettings;
}

export interface ExportedCredential {
  readonly credentialId: string;
  readonly walletType: WalletType;
  readonly walletTypeName: string;
  readonly signerAddress: string;
  readonly funderAddress: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly apiPassphrase: string;
  /** 0x-prefixed hex. */
  readonly privateKey: string;
}

export function createExportFlow(deps: ExportFlowDeps) {
  const audit = (userId: string, action: string, meta: RequestMeta, request: ExportRequestRecord, extra: Record<string, unknown> = {}) =>
    deps.audit.record({
      actorId: userId,
      actorType: 'user',
      action,
      subjectType: 'credential_export',
      subjectId: request.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      details: { credentialId: request.credentialId, at: deps.clock.now().toISOString(), completableAt: request.completableAt.toISOString(), ...extra },
    });

  return {
    async request(userId: string, meta: RequestMeta): Promise<ExportRequestRecord> {
      const active = await deps.store.active(userId);
      if (active === undefined) throw new NoActiveCredentialError('There are no active credentials to export.');
      const now = deps.clock.now();
      const outcome = await deps.exports.request<RequestDecision>(userId, ({ pending, lastCompleted }) => {
        if (pending !== undefined) return { insert: null, result: { refused: 'pending' as const, pending } };
        const cooldownEnds = lastCompleted?.completedAt ? new Date(lastCompleted.completedAt.getTime() + deps.settings.exportCooldownDays * dayMs) : null;
        if (cooldownEnds !== null && cooldownEnds > now) return { insert: null, result: { refused: 'cooldown' as const, retryAfter: cooldownEnds } };
        const record: ExportRequestRecord = {
          id: newId('exportRequest'),
          userId,
          credentialId: active.id,
          status: 'pending',
          requestedAt: now,
          completableAt: new Date(now.getTime() + deps.settings.exportDelaySecs * 1000),
          completedAt: null,
          cancelledAt: null,
          ip: meta.ip,
          userAgent: meta.userAgent,
        };
        return { insert: record, result: { refused: null, record } };
      });
      if (outcome.refused === 'pending') {
        throw new ExportRefusedError('An export is already pending: complete it once it is ready, or cancel it.', {
          details: { requestId: outcome.pending.id, completableAt: outcome.pending.completableAt.toISOString() },
        });
      }
      if (outcome.refused === 'cooldown') {
        throw new ExportRefusedError(`Credentials were exported less than ${deps.settings.exportCooldownDays} days ago; the next export can be requested after ${outcome.retryAfter.toISOString()}.`, {
          details: { retryAfter: outcome.retryAfter.toISOString() },
        });
      }
      const record = outcome.record;
      await audit(userId, 'credentials.export.requested', meta, record);
      await deps.notify(userId, 'credentials.export.requested', { requestId: record.id, completableAt: record.completableAt.toISOString(), ip: meta.ip, userAgent: meta.userAgent });
      return record;
    },

    async pending(userId: string): Promise<ExportRequestRecord | undefined> {
      return deps.exports.pending(userId);
    },

    /** Shows the plaintext once, after the delay. */
    async complete(userId: string, meta: RequestMeta): Promise<{ readonly request: ExportRequestRecord; readonly credential: ExportedCredential }> {
      const pending = await deps.exports.pending(userId);
      if (pending === undefined) throw new NotFoundError('There is no pending export request.');
      const now = deps.clock.now();
      if (now < pending.completableAt) {
        throw new ExportNotReadyError(`The export can be completed after ${pending.completableAt.toISOString()} (24 hours after the request).`, { details: { requestId: pending.id, completableAt: pending.completableAt.toISOString() } });
      }
      const row = await deps.store.findById(pending.credentialId);
      if (row === undefined || row.userId !== userId) {
        await deps.exports.finish(pending.id, 'cancelled', now);
        throw new NotFoundError('The credential this export was requested for no longer exists.');
      }
      // Used first, shown second: at most once.
      if (!(await deps.exports.finish(pending.id, 'completed', now))) throw new NotFoundError('There is no pending export request.');
      const credential = await deps.withSigningKey(row.id, async (m) => ({
        credentialId: row.id,
        walletType: row.walletType,
        walletTypeName: walletTypeNames[row.walletType],
        signerAddress: row.signerAddress,
        funderAddress: row.funderAddress,
        apiKey: m.apiKey.toString('utf8'),
        apiSecret: m.apiSecret.toString('utf8'),
        apiPassphrase: m.apiPassphrase.toString('utf8'),
        privateKey: `0x${m.privateKey.toString('hex')}`,
      }));
      const done = { ...pending, status: 'completed' as const, completedAt: now };
      await audit(userId, 'credentials.export.completed', meta, done);
      await deps.notify(userId, 'credentials.export.completed', { requestId: pending.id, ip: meta.ip, userAgent: meta.userAgent });
      return { request: done, credential };
    },

    async cancel(userId: string, meta: RequestMeta): Promise<ExportRequestRecord> {
      const pending = await deps.exports.pending(userId);
      const now = deps.clock.now();
      if (pending === undefined || !(await deps.exports.finish(pending.id, 'cancelled', now))) throw new NotFoundError('There is no pending export request.');
      const done = { ...pending, status: 'cancelled' as const, cancelledAt: now };
      await audit(userId, 'credentials.export.cancelled', meta, done);
      await deps.notify(userId, 'credentials.export.cancelled', { requestId: pending.id });
      return done;
    },
  };
}

export type ExportFlow = ReturnType<typeof createExportFlow>;
