import { join, resolve } from 'node:path';
import { createClobSim, parseSimArgs } from '@polymancer/clob-sim';
import { localSecret } from '../local-secrets.ts';

export const simHelp = `Usage: polymancer sim [--port N] [--seed S] [--replay DIR] [--chain-id ID] [--rpc URL] [--host H]

Runs the local Polymarket exchange alone: the CLOB V2 REST and WebSocket protocol with signed
orders, matching, market makers on synthetic markets, Gamma's market routes, and the /_sim admin API.

Options:
  --port N        listen on N (default 8090; 0 = any free port)
  --seed S        seed of the synthetic markets and market makers (default 1)
  --replay DIR    serve recorded /book snapshots (Polymarket's JSON) from DIR
  --chain-id ID   chain the orders must be signed for (default 137)
  --rpc URL       trade on this chain (e.g. a local anvil): the local contracts are deployed there and
                  balances, allowances and settlement are the chain's (GET /_sim/chain lists them)
  --host H        interface to bind (default 127.0.0.1)

API keys are derived from a random secret kept in POLYMANCER_DATA_DIR (default ./.polymancer) as
clob-sim-keys.secret (mode 0600), so the same address and nonce get the same key after a restart.
The /_sim admin API answers requests from this machine; from elsewhere (with --host 0.0.0.0) send
Authorization: Bearer <the token in clob-sim-admin.secret>. POLYMANCER_ENV=production refuses it.`;

export async function simCommand(args: string[]): Promise<number> {
  const parsed = parseSimArgs(args);
  if (!parsed.ok) {
    console.error(`${parsed.error}\n\n${simHelp}`);
    return 2;
  }
  const dataDir = process.env['POLYMANCER_DATA_DIR'] || './.polymancer';
  const sim = await createClobSim({
    port: 8090,
    ...parsed.options,
    ...(parsed.rpcUrl === undefined ? {} : { rpcUrl: parsed.rpcUrl }),
    keySecret: localSecret(dataDir, 'clob-sim-keys').value,
    adminToken: localSecret(dataDir, 'clob-sim-admin').value,
    production: process.env['POLYMANCER_ENV'] === 'production',
  });
  console.log(`local exchange (CLOB V2) serving at ${sim.url} (WebSocket ${sim.wsUrl}/ws/market, ${sim.wsUrl}/ws/user), chain ${sim.exchange.chainId}`);
  console.log(`admin API /_sim: from this machine, or with Authorization: Bearer <token in ${join(resolve(dataDir), 'clob-sim-admin.secret')}>`);
  const stop = async () => {
    await sim.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  return -1;
}
