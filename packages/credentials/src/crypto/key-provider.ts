/**
 * Where the master keys come from: a port, so a deployment can keep them where it keeps secrets.
 *
 * - `configKeyProvider`: CREDENTIALS_ENCRYPTION_KEYS (`id:base64key,…`) and CREDENTIALS_ACTIVE_KEY_ID.
 *   `start` with neither set writes a local key file (0600) into the data folder and passes it in
 *   the same format (never in production, where live trading refuses to run without explicit keys).
 * - Supabase: Supabase Vault stores secrets encrypted in the database (`vault.create_secret`, read
 *   through the `vault.decrypted_secrets` view). A Supabase deployment keeps one Vault secret per
 *   master key, named `polymancer_credentials_<id>`, and a provider reads them at start into the same
 *   ring (`createKeyRing([{ id, key }], activeId)`) — the envelope format, associated data and
 *   re-encryption job do not change. Because the Vault's own key lives in Supabase's infrastructure
 *   and not in the database, a `pg_dump` still holds no usable key; the application role needs only
 *   SELECT on those secrets.
 */
import { type KeyRing, parseKeyRing } from './key-ring.ts';

export interface KeyProvider {
  /** Names the source in logs (never key material). */
  readonly source: string;
  load(): Promise<KeyRing>;
}

export function configKeyProvider(keys: string, activeKeyId?: string): KeyProvider {
  return { source: 'configuration', load: async () => parseKeyRing(keys, activeKeyId) };
}
