/**
 * Import validation, steps 1–4 of issue 18 (step 5, storing, is the vault's). Every step must pass;
 * each failure is its own error with what to do. Runs on import and, from the decrypted row inside
 * the signing scope, on re-validation.
 *
 * 1. wallet type and addresses: EOA (0) trades from its signer; proxy (1), Safe (2) and deposit
 *    wallet (3) need the funder (the Polymarket wallet that holds pUSD), distinct from the signer.
 * 2. the API credentials pass an L2-authenticated call as the signer; when they authenticate only as
 *    the funder, the key is bound to the wrong address — production's "the order signer address has
 *    to be the address of the API KEY" — and is refused here, before any order.
 * 3. the private key signs a test message that recovers to the signer.
 * 4. balances and allowances of the trading wallet → warnings.
 */
import { isPolymancerError } from '@polymancer/core';
import { isAddress, recoverMessageAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  ApiCredentialsRejectedError,
  ApiKeyAddressMismatchError,
  CredentialWalletInvalidError,
  ExchangeUnavailableError,
  PrivateKeyInvalidError,
  SignerMismatchError,
} from '../errors.ts';
import type { ApiCredentials, ExchangeAccountPort, WalletStatePort } from '../ports.ts';
import { walletTypeNames, type WalletType } from '../wallet-type.ts';
import { walletWarnings, type WalletWarning } from './warnings.ts';

export interface ImportInput {
  readonly walletType: WalletType;
  readonly signerAddress?: string | undefined;
  readonly funderAddress?: string | undefined;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly apiPassphrase: string;
  /** 32 bytes as hex, with or without 0x. */
  readonly privateKey: string;
}

export interface WalletAddresses {
  readonly walletType: WalletType;
  readonly signerAddress: string;
  readonly funderAddress: string;
}

export interface ValidationDeps {
  readonly exchange: ExchangeAccountPort;
  readonly wallets: WalletStatePort;
}

const hexKey = /^(0x)?[0-9a-fA-F]{64}$/;

export function privateKeyBytes(privateKey: string): Buffer {
  if (!hexKey.test(privateKey)) throw new PrivateKeyInvalidError('The private key must be 32 bytes in hex (64 hex digits, optionally 0x-prefixed). Export it from your wallet again.', { details: { field: 'privateKey' } });
  return Buffer.from(privateKey.replace(/^0x/, ''), 'hex');
}

/** Step 1: the addresses the wallet type needs, declared or derived (lower case). */
export function walletAddresses(input: Pick<ImportInput, 'walletType' | 'signerAddress' | 'funderAddress'>, keyAddress: string): WalletAddresses {
  const name = walletTypeNames[input.walletType];
  const address = (value: string | undefined, field: string) => {
    if (value === undefined) return undefined;
    if (!isAddress(value, { strict: false })) throw new CredentialWalletInvalidError(`${field} is not an address (0x and 40 hex digits).`, { details: { field } });
    return value.toLowerCase();
  };
  const signer = address(input.signerAddress, 'signerAddress') ?? keyAddress;
  const funder = address(input.funderAddress, 'funderAddress');
  if (input.walletType === 0) {
    if (funder !== undefined && funder !== signer) {
      throw new CredentialWalletInvalidError(`An EOA wallet (type 0) trades from its signer ${signer}: leave funderAddress empty, or choose the wallet type your funds are in (proxy 1, Safe 2, deposit wallet 3).`, { details: { field: 'funderAddress' } });
    }
    return { walletType: 0, signerAddress: signer, funderAddress: signer };
  }
  if (funder === undefined) {
    throw new CredentialWalletInvalidError(`A ${name} (type ${input.walletType}) trades from its own address: set funderAddress to the wallet address Polymarket shows in Settings (where your pUSD is).`, { details: { field: 'funderAddress' } });
  }
  if (funder === signer) {
    throw new CredentialWalletInvalidError(`For a ${name} the funder is the wallet contract, not the signer ${signer}: set funderAddress to your Polymarket wallet address, or use type 0 if you trade from the EOA itself.`, { details: { field: 'funderAddress' } });
  }
  return { walletType: input.walletType, signerAddress: signer, funderAddress: funder };
}

function unavailable(error: unknown): never {
  if (isPolymancerError(error) && error.code === 'infrastructure_unavailable') {
    throw new ExchangeUnavailableError('Polymarket could not be reached to validate the credentials; nothing was stored. Try again in a minute.', { cause: error, retryable: true });
  }
  throw error;
}

/** Step 2. */
export async function checkApiKey(exchange: ExchangeAccountPort, credentials: ApiCredentials, addresses: WalletAddresses): Promise<void> {
  try {
    if ((await exchange.authenticate(credentials, addresses.signerAddress)) === 'ok') return;
    if (addresses.funderAddress !== addresses.signerAddress && (await exchange.authenticate(credentials, addresses.funderAddress)) === 'ok') {
      throw new ApiKeyAddressMismatchError(
        `This API key belongs to the wallet ${addresses.funderAddress}, but orders are signed by ${addresses.signerAddress}; Polymarket would refuse every order ("the order signer address has to be the address of the API KEY"). Create or derive the API key with the signer's private key and import that one.`,
        { details: { keyAddress: addresses.funderAddress, signerAddress: addresses.signerAddress } },
      );
    }
  } catch (error) {
    unavailable(error);
  }
  throw new ApiCredentialsRejectedError(
    `Polymarket refused this API key, secret and passphrase for the signer ${addresses.signerAddress}. Check all three were copied whole, and that the key was created with this signer's private key (a key created with another wallet does not work for it).`,
    { details: { signerAddress: addresses.signerAddress } },
  );
}

/** Step 3: the private key signs a test message that recovers to the signer. */
export async function checkSigner(privateKey: Buffer, signerAddress: string, nonce: string): Promise<void> {
  const account = privateKeyToAccount(`0x${privateKey.toString('hex')}`);
  const message = `Polymancer credential check ${nonce}`;
  const signature = await account.signMessage({ message });
  const recovered = (await recoverMessageAddress({ message, signature })).toLowerCase();
  if (recovered !== signerAddress) {
    throw new SignerMismatchError(`The private key signs as ${recovered}, not as the declared signer ${signerAddress}. Import the private key of the signer (the wallet that created the API key).`, {
      details: { recoveredAddress: recovered, signerAddress },
    });
  }
}

/** Step 4. */
export async function readWarnings(wallets: WalletStatePort, credentials: ApiCredentials, addresses: WalletAddresses): Promise<WalletWarning[]> {
  try {
    const state = await wallets.read({ ...addresses, credentials });
    return walletWarnings(state, addresses.walletType, addresses.funderAddress);
  } catch (error) {
    return unavailable(error);
  }
}

/** Steps 2–4 on known addresses (import after step 1, and re-validation). */
export async function validateCredential(deps: ValidationDeps, addresses: WalletAddresses, credentials: ApiCredentials, privateKey: Buffer, nonce: string): Promise<WalletWarning[]> {
  await checkApiKey(deps.exchange, credentials, addresses);
  await checkSigner(privateKey, addresses.signerAddress, nonce);
  return readWarnings(deps.wallets, credentials, addresses);
}
