import { afterAll, beforeAll, describe, expect } from 'bun:test';
import { ClobClient, Side } from '@polymarket/clob-client-v2';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasSharedData, readSharedJson, sharedDataPath, testWithSharedData } from '../../../test/shared-data.ts';
import { loadRecordedBooks } from '../src/replay/load.ts';
import { startSim, TEST_KEYS, trader, type Harness } from './harness.ts';

type Level = { price: string; size: string };
type RecordedBook = { asset_id: string; bids: Level[]; asks: Level[]; timestamp: string };

let h: Harness | undefined;
let client: ClobClient;

beforeAll(async () => {
  try {
    h = await startSim({ replayDir: sharedDataPath('polymarket', 'books'), seedQuotes: false });
    client = new ClobClient({ host: h.sim.url, chain: 137 });
  } catch {
    h = undefined; // shared data absent: the tests below report themselves as not run
  }
});
afterAll(() => h?.stop());

describe('replay of recorded books', () => {
  testWithSharedData('the official client reads back exactly the recorded levels of every recorded book', 'polymarket/books', async () => {
    const files = readdirSync(sharedDataPath('polymarket', 'books')).filter((f) => f.endsWith('.json') && !f.includes('history'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const recorded = readSharedJson<RecordedBook>('polymarket', 'books', file);
      const served = await client.getOrderBook(recorded.asset_id);
      expect(served.asset_id).toBe(recorded.asset_id);
      expect(served.bids).toEqual(recorded.bids);
      expect(served.asks).toEqual(recorded.asks);
      expect(served.timestamp).toBe(recorded.timestamp);
      expect(await client.getOrderBookHash({ ...served })).toBe(served.hash);
    }
  }, 120_000);

  testWithSharedData('a recorded history advances with the simulator clock', 'polymarket/books', async () => {
    const history = readSharedJson<{ data: RecordedBook[] }>('polymarket', 'books', 'nt-py_orderbook_history_FIXTURE.json').data;
    const token = history[0]!.asset_id;
    const gapMs = Number(history[1]!.timestamp) - Number(history[0]!.timestamp);
    expect((await client.getOrderBook(token)).bids).toEqual(history[0]!.bids);
    h!.clock.advance(gapMs);
    expect((await client.getOrderBook(token)).bids).toEqual(history[1]!.bids);
    h!.clock.advance(gapMs);
    const last = await client.getOrderBook(token);
    expect(last.asks).toEqual(history[2]!.asks);
    const bestBid = Math.max(...history[2]!.bids.map((l) => Number(l.price)));
    expect(Number((await client.getPrice(token, 'BUY')).price)).toBe(bestBid);
    expect(await client.getTickSize(token)).toBe('0.01');
  }, 120_000);

  testWithSharedData('price_change deltas replayed onto a recorded book reproduce the next recorded book', 'polymarket/ws', () => {
    const timelines = loadRecordedBooks(sharedDataPath('polymarket', 'ws'));
    const burst = readSharedJson<Record<string, unknown>[]>('polymarket', 'ws', 'nt-rs_ws_market_price_change_crossing_burst.json');
    const finalBook = burst.at(-1) as unknown as RecordedBook;
    const timeline = timelines.get(finalBook.asset_id)!;
    expect(timeline.length).toBe(burst.filter((m) => m['event_type'] === 'book' || JSON.stringify(m).includes(finalBook.asset_id)).length);
    const beforeFinal = timeline.at(-2)!;
    const sorted = (levels: readonly Level[]) => [...levels].map((l) => `${Number(l.price)}:${Number(l.size)}`).sort();
    expect(sorted(beforeFinal.bids)).toEqual(sorted(finalBook.bids));
    expect(sorted(beforeFinal.asks)).toEqual(sorted(finalBook.asks));
  }, 120_000);

  testWithSharedData('the market channel pushes the next recorded book as the clock reaches it', 'polymarket/books', async () => {
    const history = readSharedJson<{ data: RecordedBook[] }>('polymarket', 'books', 'nt-py_orderbook_history_FIXTURE.json').data;
    const token = history[0]!.asset_id;
    const socket = new WebSocket(`${h!.sim.wsUrl}/ws/market`);
    const books: RecordedBook[] = [];
    let notify: () => void = () => {};
    socket.addEventListener('message', (event) => {
      const parsed = JSON.parse(String(event.data)) as RecordedBook | RecordedBook[];
      books.push(...(Array.isArray(parsed) ? parsed : [parsed]));
      notify();
    });
    const nextBook = (count: number) =>
      new Promise<void>((resolve) => {
        notify = () => books.length >= count && resolve();
        notify();
      });
    await new Promise((resolve) => socket.addEventListener('open', resolve));
    socket.send(JSON.stringify({ assets_ids: [token], type: 'market' }));
    await nextBook(1);
    const at = books[0]!.timestamp;
    const next = history.find((b) => Number(b.timestamp) > Number(at));
    if (next) {
      h!.clock.advance(Number(next.timestamp) - Number(at));
      await client.getOk();
      await nextBook(2);
      expect(books[1]!.bids).toEqual(next.bids);
    }
    socket.close();
  }, 120_000);

  testWithSharedData('replayed markets show as accepting orders (paper bots trade on them) but the exchange refuses real orders', 'polymarket/books', async () => {
    const recorded = readSharedJson<RecordedBook>('polymarket', 'books', 'nt-rs_clob_book_response_FIXTURE.json');
    const market = h!.sim.exchange.marketByToken(recorded.asset_id)!;
    expect(market.acceptingOrders).toBe(true);
    expect((await client.getMarket(market.conditionId)).accepting_orders).toBe(true);
    const seller = await trader(h!.sim, TEST_KEYS[0]!, { tokens: { [recorded.asset_id]: '100000000' } });
    const posted = await seller.client.createAndPostOrder({ tokenID: recorded.asset_id, price: 0.9, size: 10, side: Side.SELL });
    expect(posted).toMatchObject({ error: 'the market is replayed from a recording: orders are not matched against recorded books' });
  }, 120_000);
});

describe('replay with the recorded market description', () => {
  let named: Harness | undefined;
  let dir: string;
  beforeAll(async () => {
    if (!hasSharedData('polymarket/books')) return;
    // The 2024 election "No" book and the market's CLOB description, copied to a temp folder (never into the repo).
    dir = mkdtempSync(join(tmpdir(), 'polymancer-election-'));
    copyFileSync(sharedDataPath('polymarket', 'books', 'nt-py_ws_book.json'), join(dir, 'book.json'));
    copyFileSync(sharedDataPath('polymarket', 'markets', 'nt-py_clob_market.json'), join(dir, 'market.json'));
    named = await startSim({ replayDir: dir, seedQuotes: false });
  });
  afterAll(async () => {
    await named?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  testWithSharedData('names the market and its outcomes, and serves the unrecorded outcome the complement of the recorded book', 'polymarket/books', async () => {
    const market = readSharedJson<{ condition_id: string; question: string; tokens: { token_id: string; outcome: string }[] }>('polymarket', 'markets', 'nt-py_clob_market.json');
    const noBook = readSharedJson<RecordedBook>('polymarket', 'books', 'nt-py_ws_book.json');
    const c = new ClobClient({ host: named!.sim.url, chain: 137 });
    const served = await c.getMarket(market.condition_id);
    expect(served.question).toBe(market.question);
    expect(served.tokens.map((t: { token_id: string; outcome: string }) => [t.token_id, t.outcome])).toEqual(market.tokens.map((t) => [t.token_id, t.outcome]));
    expect(served.minimum_tick_size).toBe(0.001);
    const yes = market.tokens.find((t) => t.outcome === 'Yes')!.token_id;
    const yesBook = await c.getOrderBook(yes);
    const complement = (levels: Level[]) => levels.map((l) => ({ price: String(Math.round((1 - Number(l.price)) * 1000) / 1000), size: l.size }));
    expect(yesBook.bids).toEqual(complement(noBook.asks));
    expect(yesBook.asks).toEqual(complement(noBook.bids));
    expect(await c.getOrderBookHash({ ...yesBook })).toBe(yesBook.hash);
    // Best Yes ask = 1 − best No bid (0.511) = 0.489.
    expect((await c.getPrice(yes, 'SELL')).price).toBe('0.489');
  }, 120_000);
});
