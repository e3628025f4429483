/**
 * The vault as the live path's account port (`@polymancer/bots` `LiveAccountPort`, structurally):
 * the user's active, valid, not rotation-overdue credential, and its secrets only inside the signing
 * scope (private-key bytes zeroed when `fn` settles or at 30 s).
 */
import type { CredentialStore } from './ports.ts';
import type { WithSigningKey } from './signing-scope.ts';
import type { WalletType } from './wallet-type.ts';

export interface VaultLiveAccount {
  readonly credentialId: string;
  readonly walletType: WalletType;
  readonly signerAddress: string;
  readonly funderAddress: string;
}

export interface VaultLiveSecrets {
  /** 32 bytes, zeroed when the scope ends. */
  readonly privateKey: Uint8Array;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly apiPassphrase: string;
}

export function liveAccountsFrom(store: Pick<CredentialStore, 'active'>, withSigningKey: WithSigningKey) {
  return {
    async accountFor(userId: string): Promise<VaultLiveAccount | undefined> {
      const row = await store.active(userId);
      if (row === undefined || row.validationStatus !== 'valid' || row.rotationPausedAt !== null) return undefined;
      return { credentialId: row.id, walletType: row.walletType, signerAddress: row.signerAddress, funderAddress: row.funderAddress };
    },
    withSecrets<T>(account: VaultLiveAccount, fn: (secrets: VaultLiveSecrets) => Promise<T>): Promise<T> {
      return withSigningKey(account.credentialId, (m) =>
        fn({ privateKey: m.privateKey, apiKey: m.apiKey.toString('utf8'), apiSecret: m.apiSecret.toString('utf8'), apiPassphrase: m.apiPassphrase.toString('utf8') }),
      );
    },
  };
}
