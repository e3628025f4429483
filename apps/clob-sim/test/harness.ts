/** Starts the simulator on a random port and builds official-client sessions against it. */
import { ClobClient, type ApiKeyCreds } from '@polymarket/clob-client-v2';
import { createWalletClient, http, type Hex, type WalletClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { ManualClock } from '@polymancer/core';
import { createClobSim, type ClobSim, type ClobSimOptions } from '../src/index.ts';

/** Anvil's well-known test keys (public; never hold value). */
export const TEST_KEYS: readonly Hex[] = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a5d7f62d5f20',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
];

export interface Harness {
  readonly sim: ClobSim;
  readonly clock: ManualClock;
  stop(): Promise<void>;
}

export async function startSim(options: ClobSimOptions = {}): Promise<Harness> {
  const clock = new ManualClock(Date.now());
  const sim = await createClobSim({ seed: 7, clock, ...options });
  return { sim, clock, stop: () => sim.stop() };
}

export function walletFor(key: Hex): WalletClient {
  return createWalletClient({ account: privateKeyToAccount(key), chain: polygon, transport: http('http://127.0.0.1:9') });
}

export interface Trader {
  readonly address: string;
  readonly wallet: WalletClient;
  readonly client: ClobClient;
  readonly creds: ApiKeyCreds;
}

export async function admin(sim: ClobSim, path: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: res.status, json: await res.json() };
}

/** A funded trader with API credentials, using the unmodified official client. */
export async function trader(sim: ClobSim, key: Hex, funding?: { collateral?: string; tokens?: Record<string, string> }, nonce = 0): Promise<Trader> {
  const wallet = walletFor(key);
  const address = wallet.account?.address as string;
  const l1 = new ClobClient({ host: sim.url, chain: 137, signer: wallet });
  const creds = await l1.createOrDeriveApiKey(nonce);
  if (funding) await admin(sim, `/_sim/wallets/${address}`, { collateral: funding.collateral ?? '0', tokens: funding.tokens ?? {} });
  const client = new ClobClient({ host: sim.url, chain: 137, signer: wallet, creds });
  return { address, wallet, client, creds };
}

/** A fresh market with an empty book, so a test controls every resting order. */
export async function emptyMarket(sim: ClobSim, spec: Record<string, unknown> = {}): Promise<{ conditionId: string; yes: string; no: string; market: any }> {
  const { json } = await admin(sim, '/_sim/markets', { question: `Test market ${Math.random()}`, kind: 'binary', ...spec });
  return { conditionId: json.condition_id, yes: json.tokens[0].token_id, no: json.tokens[1].token_id, market: json };
}
