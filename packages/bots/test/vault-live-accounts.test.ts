/** The credential vault satisfies the live path's `LiveAccountPort` (type-level), so the tick signs through its scope. */
import { expect, test } from 'bun:test';
import type { CredentialVault } from '@polymancer/credentials';
import type { LiveAccountPort } from '../src/live/ports.ts';

test('the vault’s liveAccounts is a LiveAccountPort', () => {
  const port = (vault: CredentialVault): LiveAccountPort => vault.liveAccounts;
  expect(typeof port).toBe('function');
});
