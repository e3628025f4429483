/**
 * The exchange side of credential validation, through the official `@polymarket/clob-client-v2`:
 * an L2-authenticated call (`GET /auth/api-keys`) as a given address, revoking the signing key
 * (`DELETE /auth/api-key`), and the trading wallet's pUSD balance and exchange allowances
 * (`GET /balance-allowance`, with the wallet's signature type). Implements `@polymancer/credentials`'
 * `ExchangeAccountPort` and `WalletStatePort` structurally (no import of the service).
 *
 * L2 calls need only the address (POLY_ADDRESS), so the client gets a JSON-RPC account with no key:
 * no private key enters this adapter. Failures to reach the exchange throw `InfrastructureError`
 * (messages name the operation and status only, never the credentials or a URL).
 */
import { isPolymancerError } from '@polymancer/core';
import { ApiError, AssetType, Chain, ClobClient, getContractConfig } from '@polymarket/clob-client-v2';
import { createWalletClient, http, type Address } from 'viem';
import { polygon } from 'viem/chains';
import { type HttpSource, venueUnavailable, withTimeout } from './errors.ts';

export interface ExchangeCredentials {
  readonly key: string;
  readonly secret: string;
  readonly passphrase: string;
}

export interface ExchangeAccountOptions {
  readonly clobUrl: string;
  /** The chain the exchange signs for; default Polygon (137). */
  readonly chainId?: number;
  /** Default 10_000 ms. */
  readonly timeoutMs?: number;
}

export interface ExchangeAllowance {
  readonly spender: string;
  readonly name: string;
  readonly amount: bigint;
}

export interface ExchangeWalletState {
  readonly pusdMicros: bigint;
  readonly usdceMicros: null;
  readonly allowances: readonly ExchangeAllowance[];
  readonly tokenApprovals: null;
  readonly gasWei: null;
  readonly sources: readonly string[];
}

const SOURCE: HttpSource = 'clob';

/** Spender names by address (the V2 exchanges the balance-allowance answer lists). */
function spenderNames(chainId: number): ReadonlyMap<string, string> {
  const c = getContractConfig(chainId === 80002 ? 80002 : 137);
  return new Map([
    [c.exchangeV2.toLowerCase(), 'CTF Exchange V2'],
    [c.negRiskExchangeV2.toLowerCase(), 'Neg Risk CTF Exchange V2'],
    [c.exchangeV3.toLowerCase(), 'Exchange V3'],
  ]);
}

export function createExchangeAccount(options: ExchangeAccountOptions) {
  const chain = (options.chainId ?? Chain.POLYGON) as Chain;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const names = spenderNames(chain);

  const clientFor = (creds: ExchangeCredentials, address: string, signatureType?: number) =>
    new ClobClient({
      host: options.clobUrl,
      chain,
      // An address-only account: L2 headers need POLY_ADDRESS, never a key.
      signer: createWalletClient({ account: address as Address, chain: polygon, transport: http('http://127.0.0.1:9') }),
      creds: { key: creds.key, secret: creds.secret, passphrase: creds.passphrase },
      ...(signatureType === undefined ? {} : { signatureType: signatureType as 0 }),
      throwOnError: true,
    });

  /** `rejected` for 400/401/403 (the exchange refused these credentials for this address). */
  async function call<T>(operation: string, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    try {
      return { ok: true, value: await withTimeout(work(), timeoutMs, SOURCE, operation) };
    } catch (error) {
      if (error instanceof ApiError && (error.status === 400 || error.status === 401 || error.status === 403)) return { ok: false };
      if (error instanceof ApiError) throw venueUnavailable(SOURCE, operation, error.status);
      if (isPolymancerError(error)) throw error;
      throw venueUnavailable(SOURCE, operation, undefined, 'no answer');
    }
  }

  return {
    async authenticate(creds: ExchangeCredentials, address: string): Promise<'ok' | 'rejected'> {
      const answer = await call('list api keys', () => clientFor(creds, address).getApiKeys());
      return answer.ok ? 'ok' : 'rejected';
    },
    async revokeApiKey(creds: ExchangeCredentials, address: string): Promise<'revoked' | 'rejected'> {
      const answer = await call('delete api key', () => clientFor(creds, address).deleteApiKey());
      return answer.ok ? 'revoked' : 'rejected';
    },
    /** The trading wallet as the exchange sees it: pUSD balance and allowances to each exchange. */
    async read(query: { readonly walletType: number; readonly signerAddress: string; readonly credentials: ExchangeCredentials }): Promise<ExchangeWalletState> {
      const answer = await call('read balance and allowance', () =>
        clientFor(query.credentials, query.signerAddress, query.walletType).getBalanceAllowance({ asset_type: AssetType.COLLATERAL }),
      );
      if (!answer.ok) throw venueUnavailable(SOURCE, 'read balance and allowance', 401);
      const allowances = Object.entries(answer.value.allowances ?? {}).map(([spender, amount]) => ({
        spender: spender.toLowerCase(),
        name: names.get(spender.toLowerCase()) ?? spender.toLowerCase(),
        amount: /^\d+$/.test(String(amount)) ? BigInt(amount) : 0n,
      }));
      const balance = String(answer.value.balance ?? '0');
      return {
        pusdMicros: /^\d+$/.test(balance) ? BigInt(balance) : 0n,
        usdceMicros: null,
        allowances,
        tokenApprovals: null,
        gasWei: null,
        sources: ['exchange'],
      };
    },
  };
}

export type ExchangeAccount = ReturnType<typeof createExchangeAccount>;
