import { createClobSim, parseSimArgs } from '@polymancer/clob-sim';

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
  --host H        interface to bind (default 127.0.0.1)`;

export async function simCommand(args: string[]): Promise<number> {
  const parsed = parseSimArgs(args);
  if (!parsed.ok) {
    console.error(`${parsed.error}\n\n${simHelp}`);
    return 2;
  }
  const sim = await createClobSim({ port: 8090, ...parsed.options, ...(parsed.rpcUrl === undefined ? {} : { rpcUrl: parsed.rpcUrl }) });
  console.log(`local exchange (CLOB V2) serving at ${sim.url} (WebSocket ${sim.wsUrl}/ws/market, ${sim.wsUrl}/ws/user), chain ${sim.exchange.chainId}`);
  const stop = async () => {
    await sim.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  return -1;
}
