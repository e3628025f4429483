/**
 * Benchmark of the local exchange, in one run:
 *  1. the official client's own signing rate on this machine (the anchor);
 *  2. signed orders per second accepted over HTTP (EIP-712 signature + HMAC verification, matching),
 *     after `--warmup` orders were posted untimed (the JIT compiles the hot paths of both processes and
 *     the exchange learns the signer's key: a steady-state figure; `--warmup 0` times a cold process);
 *  3. matching-engine orders per second in process.
 * Run: ./node_modules/.bin/bun apps/clob-sim/bench/run.ts [--orders 2000] [--concurrency 32] [--warmup 500] [--engine-orders 200000] [--smoke]
 * `--smoke` (bench/run.ts --smoke, run by the test suite) does every step with a few orders: the figures mean nothing.
 */
import { parseArgs } from 'node:util';
import { ClobClient, OrderType, Side } from '@polymarket/clob-client-v2';
import { createWalletClient, http } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { matchOrder } from '../src/matching/engine.ts';
import { OrderBook } from '../src/matching/order-book.ts';
import { createRng } from '../src/markets/rng.ts';

const { values } = parseArgs({
  args: Bun.argv.slice(2),
  options: {
    orders: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '500' },
    'engine-orders': { type: 'string', default: '200000' },
    smoke: { type: 'boolean', default: false },
  },
});
if (values.smoke) Object.assign(values, { orders: '40', concurrency: '4', warmup: '10', 'engine-orders': '2000' });
const total = Number(values.orders);
const concurrency = Number(values.concurrency);
const warmup = Number(values.warmup);
const engineOrders = Number(values['engine-orders']);
const perSec = (count: number, ms: number) => Math.round((count / ms) * 1000);

// The exchange runs in its own process, as in production, so client work does not share its CPU.
const child = Bun.spawn([process.execPath, new URL('./serve.ts', import.meta.url).pathname], { stdout: 'pipe', stderr: 'inherit' });
const reader = child.stdout.getReader();
let banner = '';
while (!banner.includes('\n')) {
  const chunk = await reader.read();
  if (chunk.done) throw new Error('clob-sim exited before listening');
  banner += new TextDecoder().decode(chunk.value);
}
const url = /listening on (http:\/\/\S+)/.exec(banner)?.[1];
if (!url) throw new Error(`unexpected banner: ${banner}`);
const sim = { url };
try {
  const created = await fetch(`${sim.url}/_sim/markets`, { method: 'POST', body: JSON.stringify({ question: 'bench', kind: 'binary' }) }).then((r) => r.json());
  const yes: string = created.tokens[0].token_id;
  const key = generatePrivateKey();
  const wallet = createWalletClient({ account: privateKeyToAccount(key), chain: polygon, transport: http('http://127.0.0.1:9') });
  await fetch(`${sim.url}/_sim/wallets/${wallet.account.address}`, {
    method: 'POST',
    body: JSON.stringify({ collateral: '1000000000000000', tokens: { [yes]: '1000000000000000' } }),
  });
  const creds = await new ClobClient({ host: sim.url, chain: 137, signer: wallet }).createOrDeriveApiKey();
  const client = new ClobClient({ host: sim.url, chain: 137, signer: wallet, creds });
  const rng = createRng(42);

  type Signed = Awaited<ReturnType<ClobClient['createOrder']>>;
  const sign = async (i: number): Promise<Signed> => {
    // Alternate sides around 0.50 so about half the orders cross and match.
    const side = i % 2 === 0 ? Side.BUY : Side.SELL;
    const price = (side === Side.BUY ? rng.int(45, 52) : rng.int(48, 55)) / 100;
    return client.createOrder({ tokenID: yes, price, size: rng.int(5, 50), side }, { tickSize: '0.01', negRisk: false });
  };
  /** Posts the pre-signed orders with `concurrency` requests in flight. */
  const post = async (batch: Signed[]): Promise<{ accepted: number; refused: number }> => {
    let accepted = 0;
    let refused = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < batch.length) {
          const order = batch[next++]!;
          const res = await client.postOrder(order, OrderType.GTC, false, true);
          if ((res as { success?: boolean }).success) accepted += 1;
          else refused += 1;
        }
      }),
    );
    return { accepted, refused };
  };

  // 0. warm-up, untimed: sign and post `warmup` orders
  const warm: Signed[] = [];
  for (let i = 0; i < warmup; i += 1) warm.push(await sign(i));
  const warmed = await post(warm);
  if (warmed.refused > 0) throw new Error(`${warmed.refused} of ${warmup} warm-up orders were refused over HTTP`);

  // 1. client signing rate (caches warmed by one order first)
  await client.createOrder({ tokenID: yes, price: 0.5, size: 10, side: Side.BUY });
  const orders: Signed[] = [];
  let t0 = performance.now();
  for (let i = 0; i < total; i += 1) orders.push(await sign(i));
  const signMs = performance.now() - t0;

  // 2. HTTP: post the pre-signed orders with `concurrency` requests in flight
  t0 = performance.now();
  const { accepted, refused } = await post(orders);
  const httpMs = performance.now() - t0;
  // Every order is funded and well-formed: a refusal means the exchange or the client broke.
  if (refused > 0 || accepted !== total) throw new Error(`${refused} of ${total} signed orders were refused over HTTP`);

  // 3. matching engine in process
  const book = new OrderBook();
  t0 = performance.now();
  for (let i = 0; i < engineOrders; i += 1) {
    const side = i % 2 === 0 ? 'BUY' : 'SELL';
    const price = (side === 'BUY' ? rng.int(45, 52) : rng.int(48, 55)) * 10_000;
    const size = rng.int(5, 50) * 1_000_000;
    matchOrder(
      book,
      {
        orderId: `o${i}`,
        makerAddress: `m${i % 50}`,
        side,
        limit: { collateralMicros: BigInt(price) * BigInt(size), sharesMicros: BigInt(size) * 1_000_000n },
        sizeMicros: size,
        restingPriceMicros: price,
        timeInForce: 'GTC',
        postOnly: false,
      },
      () => 0,
    );
  }
  const engineMs = performance.now() - t0;

  console.log(`client signing (official clob-client-v2, EIP-712): ${perSec(total, signMs)} orders/s`);
  console.log(
    `HTTP POST /order accepted (signature + HMAC verified, matched): ${perSec(accepted, httpMs)} orders/s (${accepted} accepted, ${refused} refused, concurrency ${concurrency}, after ${warmup} warm-up orders)`,
  );
  console.log(`matching engine in process: ${perSec(engineOrders, engineMs)} orders/s (${book.size} resting at the end)`);
  console.log('Polymarket documented POST /order limits: 3,500 per 10 s burst (350/s), 36,000 per 10 min sustained (60/s)');
} finally {
  child.kill();
}
