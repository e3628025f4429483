/**
 * The daily rotation job.
 *
 * - At `rotationReminderDays` (90) of age an active credential's user is reminded once ("Your API
 *   keys are 90 days old. Rotate for security.").
 * - After a further `rotationGraceDays` (30) the user's live bots pause, and the credential stops
 *   counting for the live requirements, until a rotation replaces it (`vault.rotate`).
 * - A deprecated credential whose overlap (7 days) has ended has its API key revoked at the exchange
 *   (the delete-key call is signed by the old key itself, inside the signing scope) and is deleted.
 *   An exchange that cannot be reached leaves the row for the next run; a key the exchange already
 *   refuses (revoked elsewhere) counts as revoked.
 * Each step is a compare-and-set on the row, so two runs announce each step once.
 */
import type { Clock } from '@polymancer/core';
import type { AuditPort, CredentialStore, ExchangeAccountPort, LiveBotsPort, RequestMeta } from '../ports.ts';
import { dayMs, type VaultSettings } from '../settings.ts';
import type { WithSigningKey } from '../signing-scope.ts';

export interface RotationSweepDeps {
  readonly store: CredentialStore;
  readonly exchange: ExchangeAccountPort;
  readonly liveBots: LiveBotsPort;
  readonly withSigningKey: WithSigningKey;
  readonly audit: AuditPort;
  readonly notify: (userId: string, kind: string, data: Record<string, unknown>) => Promise<void>;
  readonly clock: Clock;
  readonly settings: VaultSettings;
  readonly onBackgroundError?: ((error: unknown, what: string) => void) | undefined;
}

export interface RotationSweepResult {
  readonly reminded: number;
  readonly paused: number;
  readonly revoked: number;
}

const system: RequestMeta = { ip: null, userAgent: null };

export async function rotationSweep(deps: RotationSweepDeps): Promise<RotationSweepResult> {
  const now = deps.clock.now();
  const { rotationReminderDays, rotationGraceDays } = deps.settings;
  const audit = (action: string, subjectId: string, details: Record<string, unknown>) =>
    deps.audit.record({ actorId: null, actorType: 'system', action, subjectType: 'credential', subjectId, ip: system.ip, userAgent: system.userAgent, details });
  let reminded = 0;
  let paused = 0;
  let revoked = 0;

  for (const row of await deps.store.listActive()) {
    const ageMs = now.getTime() - row.createdAt.getTime();
    const pauseAt = new Date(row.createdAt.getTime() + (rotationReminderDays + rotationGraceDays) * dayMs);
    if (ageMs >= rotationReminderDays * dayMs && row.rotationRemindedAt === null && (await deps.store.markRotationReminded(row.id, now))) {
      reminded += 1;
      const ageDays = Math.floor(ageMs / dayMs);
      await audit('credentials.rotation.reminded', row.id, { ageDays, pauseAt: pauseAt.toISOString() });
      await deps.notify(row.userId, 'credentials.rotation.reminder', { credentialId: row.id, ageDays, pauseAt: pauseAt.toISOString() });
    }
    if (now >= pauseAt && row.rotationPausedAt === null && (await deps.store.markRotationPaused(row.id, now))) {
      paused += 1;
      const bots = await deps.liveBots.pauseLiveBots(row.userId, now);
      await audit('credentials.rotation.bots_paused', row.id, { pausedBots: bots });
      await deps.notify(row.userId, 'credentials.rotation.bots_paused', { credentialId: row.id, pausedBots: bots.length });
    }
  }

  for (const row of await deps.store.overlapEnded(now)) {
    try {
      const outcome = await deps.withSigningKey(row.id, (m) =>
        deps.exchange.revokeApiKey({ key: m.apiKey.toString('utf8'), secret: m.apiSecret.toString('utf8'), passphrase: m.apiPassphrase.toString('utf8') }, m.signerAddress),
      );
      await deps.store.remove(row.userId, row.id);
      revoked += 1;
      await audit('credentials.revoked', row.id, { replacedBy: row.replacedBy, atExchange: outcome === 'revoked' ? 'revoked' : 'already_refused', signerAddress: row.signerAddress });
    } catch (error) {
      deps.onBackgroundError?.(error, 'credentials.revoke');
    }
  }
  return { reminded, paused, revoked };
}
