/**
 * Loads recorded Polymarket books from a folder into per-token timelines of snapshots.
 *
 * Accepts, per `*.json` file: one `/book` response or WS `book` message; an array of them; a
 * `{ data: [...] }` history envelope; or a WS message sequence where `price_change` deltas follow a
 * `book` (each delta yields a new snapshot: a level's new total size, "0" removes it).
 * Levels keep the recorded strings and orientation (bids ascending, asks descending: best last).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RecordedLevel {
  readonly price: string;
  readonly size: string;
}

export interface RecordedBook {
  readonly market: string;
  readonly assetId: string;
  readonly timestampMs: number;
  readonly bids: readonly RecordedLevel[];
  readonly asks: readonly RecordedLevel[];
  readonly tickSize: string | undefined;
  readonly minOrderSize: string | undefined;
  readonly negRisk: boolean | undefined;
  readonly lastTradePrice: string | undefined;
}

type Json = Record<string, unknown>;

function levels(value: unknown): RecordedLevel[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: RecordedLevel[] = [];
  for (const item of value) {
    const level = item as Json;
    if (typeof level?.['price'] !== 'string' || typeof level?.['size'] !== 'string') return undefined;
    out.push({ price: level['price'], size: level['size'] });
  }
  return out;
}

function asBook(message: Json): RecordedBook | undefined {
  const bids = levels(message['bids']);
  const asks = levels(message['asks']);
  const assetId = message['asset_id'];
  const market = message['market'];
  if (!bids || !asks || typeof assetId !== 'string' || typeof market !== 'string') return undefined;
  const str = (key: string) => (typeof message[key] === 'string' ? (message[key] as string) : undefined);
  return {
    market,
    assetId,
    timestampMs: Number(str('timestamp') ?? '0'),
    bids,
    asks,
    tickSize: str('tick_size'),
    minOrderSize: str('min_order_size'),
    negRisk: typeof message['neg_risk'] === 'boolean' ? (message['neg_risk'] as boolean) : undefined,
    lastTradePrice: str('last_trade_price'),
  };
}

/** Apply one price_change entry: set the level's total size (0 removes), keeping recorded orientation. */
function applyChange(book: RecordedBook, change: Json, timestampMs: number): RecordedBook {
  const price = change['price'] as string;
  const size = change['size'] as string;
  const isBid = change['side'] === 'BUY';
  const side = (isBid ? book.bids : book.asks).filter((l) => Number(l.price) !== Number(price));
  if (Number(size) !== 0) side.push({ price, size });
  side.sort((a, b) => (isBid ? Number(a.price) - Number(b.price) : Number(b.price) - Number(a.price)));
  return isBid ? { ...book, bids: side, timestampMs } : { ...book, asks: side, timestampMs };
}

function messagesOf(content: unknown): Json[] {
  if (Array.isArray(content)) return content as Json[];
  const object = content as Json;
  if (Array.isArray(object?.['data'])) return object['data'] as Json[];
  return [object];
}

/** Token id → snapshots in time order. */
export function loadRecordedBooks(dir: string): Map<string, RecordedBook[]> {
  const timelines = new Map<string, RecordedBook[]>();
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  for (const file of files) {
    let content: unknown;
    try {
      content = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch {
      continue;
    }
    const current = new Map<string, RecordedBook>();
    for (const message of messagesOf(content)) {
      if (typeof message !== 'object' || message === null) continue;
      const book = asBook(message);
      if (book) {
        current.set(book.assetId, book);
        timelines.set(book.assetId, [...(timelines.get(book.assetId) ?? []), book]);
        continue;
      }
      if (message['event_type'] === 'price_change' && Array.isArray(message['price_changes'])) {
        const timestampMs = Number(message['timestamp'] ?? '0');
        const touched = new Set<string>();
        for (const change of message['price_changes'] as Json[]) {
          const assetId = change['asset_id'];
          if (typeof assetId !== 'string') continue;
          const base = current.get(assetId);
          if (!base) continue;
          current.set(assetId, applyChange(base, change, timestampMs));
          touched.add(assetId);
        }
        for (const assetId of touched) timelines.get(assetId)?.push(current.get(assetId) as RecordedBook);
      }
    }
  }
  for (const timeline of timelines.values()) timeline.sort((a, b) => a.timestampMs - b.timestampMs);
  return timelines;
}
