/**
 * The local exchange `start` runs when no Polymarket CLOB is configured, on a chain when one is at hand:
 * POLYGON_RPC_URL if set, else an embedded anvil (npm `@foundry-rs/anvil`) when installed and CLOB_SIM_CHAIN is
 * `auto`; otherwise ledger-only. On a chain the local contract set is deployed and balances, allowances and
 * settlement are the chain's.
 */
import { createClobSim, type ClobSim } from '@polymancer/clob-sim';
import type { Config } from '@polymancer/config';
import { findAnvilBinary, startAnvil, type AnvilInstance } from '@polymancer/local-chain';
import { localSecret } from './local-secrets.ts';

export interface LocalExchange {
  readonly sim: ClobSim;
  /** How the exchange settles, for the start banner (no URL: an RPC URL may carry a key). */
  readonly chainNote: string;
  stop(): Promise<void>;
}

export async function startLocalExchange(config: Config): Promise<LocalExchange> {
  let anvil: AnvilInstance | undefined;
  let rpcUrl = config.clobSim.chain === 'auto' ? config.polygonRpcUrl : undefined;
  if (rpcUrl === undefined && config.clobSim.chain === 'auto' && findAnvilBinary() !== undefined) {
    anvil = await startAnvil();
    rpcUrl = anvil.rpcUrl;
  }
  try {
    // Keys stay derivable across restarts (as Polymarket's are) but only with this folder's secret.
    const keySecret = localSecret(config.dataDir, 'clob-sim-keys').value;
    const replay = config.clobSim.replayDir === undefined ? {} : { replayDir: config.clobSim.replayDir };
    // The worker may be pointed at this exchange's own relayer (POLYMARKET_RELAYER_URL=<url>/relayer): it accepts the worker's credentials.
    const relayerCredentials = config.relayer.auth === undefined ? {} : { relayerCredentials: [config.relayer.auth] };
    const sim = await createClobSim({ port: config.clobSim.port, seed: config.clobSim.seed, keySecret, production: config.env === 'production', ...replay, ...(rpcUrl === undefined ? {} : { rpcUrl }), ...relayerCredentials });
    const chainNote = anvil ? `on an embedded anvil (chain ${anvil.chainId})` : rpcUrl ? 'on the chain at POLYGON_RPC_URL' : 'ledger-only';
    return {
      sim,
      chainNote,
      async stop() {
        await sim.stop();
        anvil?.stop();
      },
    };
  } catch (error) {
    anvil?.stop();
    throw error;
  }
}
