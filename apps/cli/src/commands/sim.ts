import { parseArgs } from 'node:util';
import { createClobSim } from '@polymancer/clob-sim';

export const simHelp = `Usage: polymancer sim [--port N] [--seed S] [--replay DIR] [--chain-id ID] [--rpc URL]

Runs the local Polymarket exchange alone: the CLOB V2 REST protocol with signed orders, matching,
market makers on synthetic markets, and the /_sim admin API.

Options:
  --port N        listen on N (default 8090; 0 = any free port)
  --seed S        seed of the synthetic markets and market makers (default 1)
  --replay DIR    serve recorded /book snapshots (Polymarket's JSON) from DIR
  --chain-id ID   chain the orders must be signed for (default 137)
  --rpc URL       settle matched trades on this chain (e.g. a local anvil)`;

function intOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return n;
}

export async function simCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, seed: { type: 'string' }, replay: { type: 'string' }, 'chain-id': { type: 'string' }, rpc: { type: 'string' } },
    strict: true,
  });
  const sim = await createClobSim({
    port: intOption('port', values.port, 8090),
    seed: intOption('seed', values.seed, 1),
    chainId: intOption('chain-id', values['chain-id'], 137),
    ...(values.replay === undefined ? {} : { replayDir: values.replay }),
    ...(values.rpc === undefined ? {} : { rpcUrl: values.rpc }),
  });
  console.log(`local exchange (CLOB V2) serving at ${sim.url}`);
  const stop = async () => {
    await sim.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  return -1;
}
