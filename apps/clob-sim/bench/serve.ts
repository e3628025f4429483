/**
 * The exchange process the benchmark measures over HTTP: the same `createClobSim` that
 * `./polymancer sim` runs, on a free port, printing `listening on <url>` once it accepts requests.
 * Run by bench/run.ts in its own process, so the client's signing does not share its CPU.
 */
import { createClobSim } from '../src/index.ts';

const sim = await createClobSim({ port: 0, seed: 1 });
console.log(`listening on ${sim.url}`);
const stop = async () => {
  await sim.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
