/**
 * `createSelfRelayer`: the redeemer's `WalletBatchRelayer` port done by ourselves — the same owner-signed requests
 * Polymarket's relayer takes (`WALLET`, `PROXY`, `SAFE`), sent from a gas key the operator funds, so the user's
 * wallet needs no POL. The worker uses it on the local chain when no relayer is configured; the local exchange
 * serves it behind Polymarket's relayer HTTP protocol (apps/clob-sim `/relayer`). One transaction at a time from
 * the gas key (its nonces never collide); the key is used only in process and never logged; errors never quote
 * the RPC URL.
 */
import { createPublicClient, createWalletClient, type Hex, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { InfrastructureError, ValidationError } from '@polymancer/core';
import { POLYGON_WALLET_CONTRACTS, type WalletContracts } from '../chain/addresses.ts';
import { depositWalletAbi, relayHubAbi, safeAbi, type WalletBatchRelayer } from '../chain/redeemer.ts';

function sendError(operation: string, error: unknown): InfrastructureError {
  return new InfrastructureError('a chain call of the redemption failed', { details: { operation, reason: error instanceof Error ? error.name : 'unknown' }, retryable: true });
}

/**
 * A relayer of our own: sends a deposit wallet's signed batch (`executeBatch`) from a gas key the operator
 * funds, so the user's wallet needs no POL. On the local chain this is what Polymarket's relayer does on
 * Polygon. The key is used only here, in process, and never logged.
 */
export function createSelfRelayer(options: { readonly rpcUrl: string; readonly gasKey: Hex; readonly chainId?: number; readonly timeoutMs?: number; readonly walletContracts?: Pick<WalletContracts, 'relayHub'> }): WalletBatchRelayer {
  const chainId = options.chainId ?? 137;
  const chain = { id: chainId, name: `chain-${chainId}`, nativeCurrency: { name: 'POL', symbol: 'POL', decimals: 18 }, rpcUrls: { default: { http: [options.rpcUrl] } } } as const;
  const transport = http(options.rpcUrl, { timeout: options.timeoutMs ?? 15_000, retryCount: 1 });
  const account = privateKeyToAccount(options.gasKey);
  const wallet = createWalletClient({ account, chain, transport });
  const reader = createPublicClient({ transport, cacheTime: 0 });
  const relayHub = (options.walletContracts ?? POLYGON_WALLET_CONTRACTS).relayHub;
  let queue: Promise<unknown> = Promise.resolve();
  // One transaction at a time from the gas key, so its nonces never collide.
  function serially(operation: string, send: () => Promise<Hex>): Promise<{ txHash: string }> {
    const sent = queue.then(async () => {
      try {
        return { txHash: await send() };
      } catch (error) {
        throw sendError(operation, error);
      }
    });
    queue = sent.catch(() => undefined);
    return sent;
  }
  return {
    relay(batch) {
      return serially('relay', () => wallet.writeContract({ address: batch.wallet, abi: depositWalletAbi, functionName: 'executeBatch', args: [batch.calls.map((c) => ({ ...c })), batch.deadline, batch.signature], chain }));
    },
    async proxyRelayPayload(owner) {
      return { relay: account.address, nonce: await reader.readContract({ address: relayHub, abi: relayHubAbi, functionName: 'getNonce', args: [owner] }) };
    },
    relayProxy(r) {
      if (r.relay.toLowerCase() !== account.address.toLowerCase()) return Promise.reject(new ValidationError('the proxy relay request names another relay: it is signed again'));
      return serially('relayProxy', () =>
        wallet.writeContract({ address: r.relayHub, abi: relayHubAbi, functionName: 'relayCall', args: [r.from, r.to, r.data, r.txFee, r.gasPrice, r.gasLimit, r.nonce, r.signature, '0x'], chain }),
      );
    },
    relaySafe(r) {
      return serially('relaySafe', () =>
        wallet.writeContract({ address: r.safe, abi: safeAbi, functionName: 'execTransaction', args: [r.to, r.value, r.data, r.operation, r.safeTxGas, r.baseGas, r.gasPrice, r.gasToken, r.refundReceiver, r.signature], chain }),
      );
    },
  };
}
