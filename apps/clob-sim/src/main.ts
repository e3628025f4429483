/** Run the local exchange alone: `bun apps/clob-sim/src/main.ts --port 8081 [--seed S] [--replay DIR] [--chain-id ID]`. */
import { parseSimArgs } from './cli.ts';
import { createClobSim } from './index.ts';

const parsed = parseSimArgs(process.argv.slice(2));
if (!parsed.ok) {
  console.error(parsed.error);
  process.exit(2);
}
const sim = await createClobSim({ ...parsed.options, ...(parsed.rpcUrl ? { rpcUrl: parsed.rpcUrl } : {}) });
console.log(`clob-sim listening on ${sim.url} (ws ${sim.wsUrl}/ws/market, ${sim.wsUrl}/ws/user), chain ${sim.exchange.chainId}`);
const shutdown = async () => {
  await sim.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
