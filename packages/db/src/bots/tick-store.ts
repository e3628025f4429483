/**
 * `@polymancer/bots`' `TickStore` on Postgres/PGlite. The transaction claims the (bot, tick key)
 * row first — `insert … on conflict do nothing` — so a second run of the same tick finds the key
 * taken (or waits for the first to commit, then finds it) and does nothing; then it locks the bot
 * row (`select … for update`) so two ticks of one bot never interleave.
 */
import { auditEventContent, type AuditLinker, createAuditLinker } from '@polymancer/audit';
import type { BotAuditEvent, MidpointHistory, TickBotState, TickStore, TickTransaction } from '@polymancer/bots';
import type { Clock } from '@polymancer/core';
import { getTableColumns } from 'drizzle-orm';
import { createAuditStore, unlinkedAuditRows } from '../audit-store.ts';
import type { Database } from '../database.ts';
import { bots } from '../schema/index.ts';
import { botFromRow, type BotRow, positionFromRow, type PositionRow } from './bot-rows.ts';
import { liveOrdersOfBot } from './live-order-store.ts';
import { auditWrite, botUpdateWrite, createTickWriter, decisionWrite, liveOrderUpdateWrite, liveOrderWrite, type PendingWrite, shadowPairWrite, positionsWrite, snapshotWrite, tickRunUpdateWrite, tradeWrite } from './tick-writes.ts';



function stateFrom(row: BotRow, userFrozen: boolean, positions: PositionRow[]): Omit<TickBotState, 'alreadyRun'> {
  return {
    bot: botFromRow(row),
    userFrozen,
    deleted: row.deletedAt !== null,
    positions: positions.map(positionFromRow),
    midpointHistory: row.midpointHistory as MidpointHistory,
    daily:
      row.pnlDay === null || row.dayStartEquityMicros === null
        ? undefined
        : { utcDay: row.pnlDay, openingEquityMicros: row.dayStartEquityMicros, realizedMicros: row.dayRealizedPnlMicros },
    dailyLossStop: row.dailyLossStoppedDay === null ? undefined : { utcDay: row.dailyLossStoppedDay, exitsAllowed: row.dailyLossExitsAllowed },
    shadowMode: row.shadowMode === true,
  };
}

interface PositionJson {
  readonly token_id: string;
  readonly condition_id: string;
  readonly outcome: string;
  readonly shares_micros: number | string;
  readonly cost_basis_micros: number | string;
  readonly realized_pnl_micros: number | string;
  readonly fees_paid_micros: number | string;
  readonly mark_price_micros: number | string | null;
  readonly settled_at: string | null;
  readonly settlement_price_micros: number | string | null;
}

const num = (v: number | string): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: number | string | null): number | null => (v === null ? null : num(v));

function positionFromJson(p: PositionJson): PositionRow {
  return {
    botId: '',
    tokenId: p.token_id,
    conditionId: p.condition_id,
    outcome: p.outcome,
    sharesMicros: num(p.shares_micros),
    costBasisMicros: num(p.cost_basis_micros),
    realizedPnlMicros: num(p.realized_pnl_micros),
    feesPaidMicros: num(p.fees_paid_micros),
    markPriceMicros: numOrNull(p.mark_price_micros),
    settledAt: p.settled_at === null ? null : new Date(p.settled_at),
    settlementPriceMicros: numOrNull(p.settlement_price_micros),
    updatedAt: new Date(0),
  };
}

/**
 * The bot, its owner's freeze flag, its positions and whether `tickKey` already ran: one statement,
 * written out once (not rebuilt by the query builder on every tick); rows are decoded by the
 * schema's own column mappers, so they read exactly as `db.select().from(bots)` would.
 */
const botColumns = Object.entries(getTableColumns(bots));
// The columns are listed (not `b.*`), so a column added by a later migration does not change
// the prepared statement's result and fail ticks on connections that prepared it before.
const readStateSql = `select ${botColumns.map(([, c]) => `b."${c.name}"`).join(', ')}, u.trading_frozen as "__frozen",
  coalesce((select json_agg(row_to_json(p)) from bot_positions p where p.bot_id = b.id), '[]'::json) as "__positions",
  exists (select 1 from bot_tick_runs r where r.bot_id = b.id and r.tick_key = $2) as "__ran"
  from bots b inner join users u on u.id = b.user_id where b.id = $1`;
// Claim, then lock, in one statement: the claim (a data-modifying CTE) blocks on a concurrent run
// of the same key until it commits (then finds the key taken) or rolls back (then takes it); the
// bot row is then locked for the rest of the transaction. The state is read by the NEXT statement
// (sent in the same batch): a statement that waited for the lock still sees the database as of
// its own start, so reading positions in the locking statement could miss the fills of the tick
// it waited for (test/tick-store.test.ts).
const claimAndLockSql = `with claim as (insert into bot_tick_runs (bot_id, tick_key, outcome, started_at, finished_at)
    values ($1, $2, 'completed', $3, $3) on conflict do nothing returning tick_key)
  select exists (select 1 from claim) as "__claimed" from bots b where b.id = $1 for update of b`;

type RawRow = Record<string, unknown>;

function botRowFromRaw(raw: RawRow): BotRow {
  const row: Record<string, unknown> = {};
  for (const [key, column] of botColumns) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as BotRow;
}

function toState(raw: RawRow): TickBotState {
  const json = raw.__positions as PositionJson[] | string;
  const positions = (typeof json === 'string' ? (JSON.parse(json) as PositionJson[]) : json).map(positionFromJson);
  return { ...stateFrom(botRowFromRaw(raw), raw.__frozen === true, positions), alreadyRun: raw.__ran === true };
}

// The tick's statements are named (prepared once per connection by the driver) and their text is
// fixed or cached: Drizzle would otherwise send them unnamed — parsed and planned by the server on
// every execution — and rebuild them on every tick. See tick-writes.ts.
async function rawRows(db: Database, name: string, text: string, params: unknown[]): Promise<RawRow[]> {
  const result = (await db._.session.prepareQuery({ sql: text, params }, undefined, name, false).execute()) as RawRow[] | { rows: RawRow[] };
  return Array.isArray(result) ? result : result.rows;
}

export interface TickStoreOptions {
  /**
   * Links the audit events ticks write unlinked, nudged after each commit that wrote some. One per
   * process (the worker's, shared with its periodic pass); default: one of this store's own.
   */
  readonly auditLinker?: AuditLinker;
}

export function createTickStore(db: Database, clock: Clock, options: TickStoreOptions = {}): TickStore {
  const writeAll = createTickWriter(db);
  const linker = options.auditLinker ?? createAuditLinker({ store: createAuditStore(db) });
  return {
    async load(botId, tickKey) {
      const [row] = await rawRows(db, 'tick_load', readStateSql, [botId, tickKey ?? '']);
      return row === undefined ? undefined : toState(row);
    },

    transact: async (botId, tickKey, startedAt, work) => {
      let audited = false;
      const outcome = await db.transaction(async (txDb) => {
        const tdb = txDb as unknown as Database;
        // Claim and lock, then read, in one pipelined round trip (see claimAndLockSql).
        const [[claim], [row]] = await Promise.all([
          rawRows(tdb, 'tick_claim_lock', claimAndLockSql, [botId, tickKey, startedAt.toISOString()]),
          rawRows(tdb, 'tick_state', readStateSql, [botId, tickKey]),
        ]);
        if (claim === undefined || row === undefined) throw new Error(`bot ${botId} vanished during its tick`);
        if (claim.__claimed !== true) return { applied: false as const };
        const state = toState(row);
        // Writes are buffered and sent, once the tick's work is done, as ONE statement (see
        // tick-writes.ts), audit events included.
        const writes: PendingWrite[] = [];
        const pendingAudit: BotAuditEvent[] = [];
        const tx: TickTransaction = {
          state,
          async insertTrade(r) {
            writes.push(tradeWrite(r));
          },
          async insertDecision(r) {
            writes.push(decisionWrite(r));
          },
          async savePositions(list, at) {
            if (list.length === 0) return;
            writes.push(
              positionsWrite(
                list.map((p) => ({
                  botId,
                  tokenId: p.tokenId,
                  conditionId: p.conditionId,
                  outcome: p.outcome,
                  sharesMicros: p.sharesMicros,
                  costBasisMicros: p.costBasisMicros,
                  realizedPnlMicros: p.realizedPnlMicros,
                  feesPaidMicros: p.feesPaidMicros,
                  markPriceMicros: p.markPriceMicros,
                  settledAt: p.settledAt,
                  settlementPriceMicros: p.settlementPriceMicros,
                  updatedAt: at,
                })),
              ),
            );
          },
          async updateBot(p) {
            writes.push(
              botUpdateWrite(botId, {
                paperBalanceMicros: p.paperBalanceMicros,
                midpointHistory: p.midpointHistory,
                pnlDay: p.daily.utcDay,
                dayStartEquityMicros: p.daily.openingEquityMicros,
                dayRealizedPnlMicros: p.daily.realizedMicros,
                firstPaperTradeAt: p.firstPaperTradeAt,
                lastTickAt: p.lastTickAt,
                ...(p.dailyLossStoppedDay === undefined ? {} : { dailyLossStoppedDay: p.dailyLossStoppedDay, dailyLossExitsAllowed: false }),
              }),
            );
          },
          async insertSnapshot(s) {
            writes.push(snapshotWrite(s));
          },
          async audit(event) {
            pendingAudit.push(event);
          },
          async finish(summary) {
            // The claim row already says "completed, 0, 0": most ticks (holds) need no update.
            if (summary.outcome === 'completed' && summary.trades === 0 && summary.rejections === 0) return;
            writes.push(tickRunUpdateWrite(botId, tickKey, summary));
          },
          unreconciledLiveOrders: () => liveOrdersOfBot(tdb, botId, true),
          async insertLiveOrder(r) {
            writes.push(liveOrderWrite(r));
          },
          async updateLiveOrder(orderId, patch) {
            writes.push(liveOrderUpdateWrite(orderId, patch));
          },
          async insertShadowPair(r) {
            writes.push(shadowPairWrite(r));
          },
        };
        const value = await work(tx);
        if (pendingAudit.length > 0) {
          // Written unlinked, with the tick's other writes: the chain's lock is not taken here
          // (every trading tick of every bot would queue on it until its commit); the linker
          // links them after the commit (see audit-linker.ts in @polymancer/audit).
          const at = clock.now();
          writes.push(auditWrite(unlinkedAuditRows(pendingAudit.map((event) => auditEventContent(event, at)))));
          audited = true;
        }
        if (writes.length > 0) await writeAll(tdb, writes);
        return { applied: true as const, value };
      });
      if (audited) linker.nudge();
      return outcome;
    },
  };
}
