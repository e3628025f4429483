/** Wallets, API keys and funding on the local exchange, through the official client, for credential tests. */
import { ClobClient } from '@polymarket/clob-client-v2';
import { createClobSim, type ClobSim } from '@polymancer/clob-sim';
import { createWalletClient, http, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';

export async function startExchange(): Promise<ClobSim> {
  return createClobSim({ port: 0, seed: 7, marketMakers: false });
}

export interface TestWallet {
  readonly privateKey: Hex;
  readonly address: string;
  readonly creds: { readonly key: string; readonly secret: string; readonly passphrase: string };
}

/** A fresh key with an API key created at the exchange by L1 auth (unmodified official client). */
export async function walletWithApiKey(sim: ClobSim): Promise<TestWallet> {
  const privateKey = generatePrivateKey();
  const account = privateKeyToAccount(privateKey);
  const signer = createWalletClient({ account, chain: polygon, transport: http('http://127.0.0.1:9') });
  const creds = await new ClobClient({ host: sim.url, chain: 137, signer, throwOnError: true }).createOrDeriveApiKey(0);
  return { privateKey, address: account.address.toLowerCase(), creds };
}

export async function simAdmin(sim: ClobSim, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (res.status !== 200) throw new Error(`sim admin ${path}: ${res.status} ${await res.text()}`);
}

/** Registers `owner` as the signer of the proxy / Safe / deposit wallet at `wallet`. */
export async function registerWallet(sim: ClobSim, wallet: string, owner: string, signatureType: 1 | 2 | 3): Promise<void> {
  await simAdmin(sim, `/_sim/wallets/${wallet}/owner`, { owner, signatureType });
}

export async function fund(sim: ClobSim, wallet: string, collateralMicros: number, allowance?: string): Promise<void> {
  await simAdmin(sim, `/_sim/wallets/${wallet}`, { collateral: String(collateralMicros), ...(allowance === undefined ? {} : { allowance }) });
}

export function importBody(w: TestWallet, walletType: 0 | 1 | 2 | 3, funderAddress?: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    walletType,
    ...(funderAddress === undefined ? {} : { funderAddress }),
    apiKey: w.creds.key,
    apiSecret: w.creds.secret,
    apiPassphrase: w.creds.passphrase,
    privateKey: w.privateKey,
    ...overrides,
  };
}

/** Every form a secret could be written in: as is, hex of its UTF-8, base64 of its UTF-8 (and, for a hex key, its raw bytes' base64). */
export function secretForms(secret: string): string[] {
  const forms = [secret, Buffer.from(secret, 'utf8').toString('hex'), Buffer.from(secret, 'utf8').toString('base64')];
  const hex = secret.replace(/^0x/, '');
  if (/^[0-9a-fA-F]{64}$/.test(hex)) forms.push(hex, Buffer.from(hex, 'hex').toString('base64'), Buffer.from(hex, 'hex').toString('base64url'));
  return forms;
}
