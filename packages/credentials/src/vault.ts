/**
 * The credential vault: validated import (steps 1–5), listing, deletion, re-validation on demand and
 * daily, the unlock requirement's `credentialStatus`, master-key re-encryption, and `withSigningKey`.
 * Every action is audited (ids, addresses, wallet types, error codes — never secret content).
 */
import { type Clock, ConflictError, NotFoundError, isPolymancerError, newId } from '@polymancer/core';
import { randomBytes } from 'node:crypto';
import { privateKeyToAccount } from 'viem/accounts';
import type { KeyRing } from './crypto/key-ring.ts';
import { reencryptCredentials, type ReencryptResult } from './crypto/reencrypt.ts';
import { sealCredential } from './crypto/seal-credential.ts';
import { NoActiveCredentialError } from './errors.ts';
import type { AuditPort, CredentialRecord, CredentialStore, ExchangeAccountPort, ExportRequestStore, LiveBotsPort, Notifier, RequestMeta, ScopeTimer, StoredCredential, WalletStatePort } from './ports.ts';
import { realTimer } from './ports.ts';
import { defaultVaultSettings, type VaultSettings } from './settings.ts';
import { createSigningScope, type WithSigningKey } from './signing-scope.ts';
import { type ImportInput, privateKeyBytes, validateCredential, walletAddresses } from './validation/validate.ts';
import type { WalletWarning } from './validation/warnings.ts';
import { credentialView, type CredentialView } from './view.ts';
import { liveAccountsFrom } from './live-accounts.ts';
import { createExportFlow } from './export/export-flow.ts';
import { rotationSweep, type RotationSweepResult } from './rotation/rotation-sweep.ts';
import { walletTypeNames } from './wallet-type.ts';

export interface CredentialVaultDeps {
  readonly store: CredentialStore;
  readonly exports: ExportRequestStore;
  readonly keyRing: () => KeyRing;
  readonly exchange: ExchangeAccountPort;
  readonly wallets: WalletStatePort;
  readonly liveBots: LiveBotsPort;
  readonly notifier: Notifier;
  readonly audit: AuditPort;
  readonly clock: Clock;
  readonly timer?: ScopeTimer;
  readonly settings?: Partial<VaultSettings>;
  /** Failures of best-effort follow-ups (a notification) are reported here, never thrown at the caller. */
  readonly onBackgroundError?: (error: unknown, what: string) => void;
}

export interface ImportOutcome {
  readonly credential: CredentialView;
  readonly warnings: readonly WalletWarning[];
  /** On rotation: the credential it replaced (deprecated, revoked when the overlap ends). */
  readonly replaced: string | null;
}

export interface RevalidationOutcome {
  readonly credential: CredentialView;
  readonly warnings: readonly WalletWarning[];
  readonly pausedBots: readonly string[];
}

const systemMeta: RequestMeta = { ip: null, userAgent: null };

export function createCredentialVault(deps: CredentialVaultDeps) {
  const settings: VaultSettings = { ...defaultVaultSettings, ...deps.settings };
  const withSigningKey: WithSigningKey = createSigningScope({ store: deps.store, keyRing: deps.keyRing, timer: deps.timer ?? realTimer, timeoutMs: settings.signingScopeTimeoutMs });
  const view = (r: CredentialRecord) => credentialView(r, deps.clock.now(), settings.rotationReminderDays);

  const audit = (userId: string | null, action: string, meta: RequestMeta, subjectId: string | null, details: Record<string, unknown>) =>
    deps.audit.record({ actorId: userId, actorType: userId === null ? 'system' : 'user', action, subjectType: 'credential', subjectId, ip: meta.ip, userAgent: meta.userAgent, details });

  const notify = async (userId: string, kind: string, data: Record<string, unknown>) => {
    try {
      await deps.notifier.notify(userId, kind, data);
    } catch (error) {
      deps.onBackgroundError?.(error, kind);
    }
  };

  /** Steps 1–5: nothing is stored unless every step passes. */
  async function validateAndSeal(userId: string, input: ImportInput, action: 'import' | 'rotate', meta: RequestMeta): Promise<{ row: StoredCredential; warnings: WalletWarning[] }> {
    let privateKey: Buffer | undefined;
    try {
      privateKey = privateKeyBytes(input.privateKey);
      const keyAddress = privateKeyToAccount(`0x${privateKey.toString('hex')}`).address.toLowerCase();
      const addresses = walletAddresses(input, keyAddress);
      const credentials = { key: input.apiKey, secret: input.apiSecret, passphrase: input.apiPassphrase };
      const warnings = await validateCredential(deps, addresses, credentials, privateKey, randomBytes(8).toString('hex'));
      const now = deps.clock.now();
      const id = newId('credential');
      const ring = deps.keyRing();
      const row: StoredCredential = {
        id,
        userId,
        ...addresses,
        lifecycle: 'active',
        validationStatus: 'valid',
        validationReason: null,
        keyId: ring.activeKeyId,
        createdAt: now,
        validatedAt: now,
        rotationRemindedAt: null,
        rotationPausedAt: null,
        deprecatedAt: null,
        overlapEndsAt: null,
        replacedBy: null,
        sealed: sealCredential(ring, userId, id, { apiKey: input.apiKey, apiSecret: input.apiSecret, apiPassphrase: input.apiPassphrase, privateKey }),
      };
      return { row, warnings };
    } catch (error) {
      if (isPolymancerError(error)) await audit(userId, `credentials.${action}_refused`, meta, null, { refusal: error.code, walletType: input.walletType });
      throw error;
    } finally {
      privateKey?.fill(0);
    }
  }

  async function store(userId: string, input: ImportInput, meta: RequestMeta, action: 'import' | 'rotate'): Promise<ImportOutcome> {
    const { row, warnings } = await validateAndSeal(userId, input, action, meta);
    const overlapEndsAt = new Date(row.createdAt.getTime() + settings.rotationOverlapSecs * 1000);
    const { deprecated } = await deps.store.insertActive(row, overlapEndsAt);
    const details = { walletType: row.walletType, signerAddress: row.signerAddress, funderAddress: row.funderAddress, warnings: warnings.map((w) => w.code), replaced: deprecated };
    await audit(userId, action === 'import' ? 'credentials.imported' : 'credentials.rotated', meta, row.id, details);
    if (deprecated === null) {
      await notify(userId, 'credentials.imported', { credentialId: row.id, walletType: walletTypeNames[row.walletType], signerAddress: row.signerAddress });
    } else {
      await notify(userId, 'credentials.rotated', { credentialId: row.id, previousCredentialId: deprecated, overlapEndsAt: overlapEndsAt.toISOString() });
    }
    return { credential: view(row), warnings, replaced: deprecated };
  }

  async function markInvalid(row: CredentialRecord, reason: string, meta: RequestMeta, actorId: string | null): Promise<readonly string[]> {
    const now = deps.clock.now();
    await deps.store.setValidation(row.id, 'invalid', reason, now);
    const paused = row.lifecycle === 'active' ? await deps.liveBots.pauseLiveBots(row.userId, now) : [];
    await audit(actorId, 'credentials.invalidated', meta, row.id, { reason, pausedBots: paused });
    if (row.validationStatus === 'valid') await notify(row.userId, 'credentials.invalid', { credentialId: row.id, reason, pausedBots: paused.length });
    return paused;
  }

  /** Steps 2–4 on the stored row, inside the signing scope. Unreachable exchange: nothing changes, the error is thrown. */
  async function revalidateRow(row: StoredCredential, meta: RequestMeta, actorId: string | null): Promise<RevalidationOutcome> {
    const outcome = await withSigningKey(row.id, async (m) => {
      try {
        const warnings = await validateCredential(
          deps,
          { walletType: m.walletType, signerAddress: m.signerAddress, funderAddress: m.funderAddress },
          { key: m.apiKey.toString('utf8'), secret: m.apiSecret.toString('utf8'), passphrase: m.apiPassphrase.toString('utf8') },
          m.privateKey,
          randomBytes(8).toString('hex'),
        );
        return { ok: true as const, warnings };
      } catch (error) {
        if (isPolymancerError(error) && error.code !== 'exchange_unavailable') return { ok: false as const, code: error.code, reason: error.message };
        throw error;
      }
    });
    if (outcome.ok) {
      await deps.store.setValidation(row.id, 'valid', null, deps.clock.now());
      await audit(actorId, 'credentials.validated', meta, row.id, { warnings: outcome.warnings.map((w) => w.code) });
      return { credential: view((await deps.store.findById(row.id)) ?? row), warnings: outcome.warnings, pausedBots: [] };
    }
    const paused = await markInvalid(row, outcome.reason, meta, actorId);
    return { credential: view((await deps.store.findById(row.id)) ?? row), warnings: [], pausedBots: paused };
  }

  return {
    settings,
    withSigningKey,
    /** The delayed key export: request → completable after 24 h → complete (plaintext once) / cancel. */
    exports: createExportFlow({ store: deps.store, exports: deps.exports, withSigningKey, audit: deps.audit, notify, clock: deps.clock, settings }),
    /** The live path's `LiveAccountPort` (`@polymancer/bots`). */
    liveAccounts: liveAccountsFrom(deps.store, withSigningKey),

    /** First import: refused (409) when the user already has active credentials — that is a rotation. */
    async importCredential(userId: string, input: ImportInput, meta: RequestMeta): Promise<ImportOutcome> {
      if ((await deps.store.active(userId)) !== undefined) {
        throw new ConflictError('You already have active credentials. Rotate them instead (POST /api/v1/credentials/rotate), or delete them first.');
      }
      return store(userId, input, meta, 'import');
    },

    /** Manual rotation: validate the new credentials, then swap atomically (new active, old deprecated for the overlap). */
    async rotate(userId: string, input: ImportInput, meta: RequestMeta): Promise<ImportOutcome> {
      if ((await deps.store.active(userId)) === undefined) throw new NoActiveCredentialError('There are no active credentials to rotate; import credentials instead.');
      return store(userId, input, meta, 'rotate');
    },

    async list(userId: string): Promise<CredentialView[]> {
      return (await deps.store.list(userId)).map(view);
    },

    /** Deletes a credential; deleting the active one pauses the user's live bots. */
    async remove(userId: string, id: string, meta: RequestMeta): Promise<{ readonly pausedBots: readonly string[] }> {
      const row = await deps.store.find(userId, id);
      if (row === undefined || !(await deps.store.remove(userId, id))) throw new NotFoundError('No such credential');
      const paused = row.lifecycle === 'active' ? await deps.liveBots.pauseLiveBots(userId, deps.clock.now()) : [];
      await audit(userId, 'credentials.deleted', meta, id, { lifecycle: row.lifecycle, walletType: row.walletType, signerAddress: row.signerAddress, pausedBots: paused });
      return { pausedBots: paused };
    },

    async revalidate(userId: string, id: string, meta: RequestMeta): Promise<RevalidationOutcome> {
      const row = await deps.store.find(userId, id);
      if (row === undefined) throw new NotFoundError('No such credential');
      return revalidateRow(row, meta, userId);
    },

    /** The daily job: re-validates every active credential; an unreachable exchange leaves rows as they were. */
    async revalidateAll(): Promise<{ readonly valid: number; readonly invalid: number; readonly unreachable: number }> {
      let valid = 0;
      let invalid = 0;
      let unreachable = 0;
      for (const record of await deps.store.listActive()) {
        const row = await deps.store.findById(record.id);
        if (row === undefined) continue;
        try {
          const outcome = await revalidateRow(row, systemMeta, null);
          if (outcome.credential.validationStatus === 'valid') valid += 1;
          else invalid += 1;
        } catch (error) {
          unreachable += 1;
          deps.onBackgroundError?.(error, 'credentials.revalidate');
        }
      }
      return { valid, invalid, unreachable };
    },

    /** Issue 19's requirement 7: a valid active credential that is not overdue for rotation. */
    async credentialStatus(userId: string): Promise<{ readonly valid: boolean; readonly reason: string | null }> {
      const row = await deps.store.active(userId);
      if (row === undefined) return { valid: false, reason: 'Import your Polymarket API credentials in Settings → Credentials' };
      if (row.validationStatus !== 'valid') return { valid: false, reason: `Your Polymarket credentials stopped validating: ${row.validationReason ?? 'unknown reason'} Import working credentials.` };
      if (row.rotationPausedAt !== null) return { valid: false, reason: 'Your API keys are overdue for rotation: import new keys in Settings → Credentials' };
      return { valid: true, reason: null };
    },

    /** The daily rotation job: 90-day reminder, pause after the grace, revoke and delete replaced keys after the overlap. */
    async rotationSweep(): Promise<RotationSweepResult> {
      return rotationSweep({ ...deps, withSigningKey, notify, settings, onBackgroundError: deps.onBackgroundError });
    },

    /** The master-key job: moves every row onto the active key. */
    async reencrypt(): Promise<ReencryptResult> {
      const ring = deps.keyRing();
      const result = await reencryptCredentials(deps.store, ring);
      if (result.resealed > 0) await audit(null, 'credentials.reencrypted', systemMeta, null, { keyId: ring.activeKeyId, resealed: result.resealed, skipped: result.skipped });
      return result;
    },
  };
}

export type CredentialVault = ReturnType<typeof createCredentialVault>;
