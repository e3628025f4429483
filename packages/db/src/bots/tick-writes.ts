/**
 * The bot tick's writes, sent as ONE statement per tick: each write a data-modifying CTE
 * (`with w0 as (insert …), w1 as (update …) select 1`). They touch different rows — the claim row
 * a `finish` may update was written by an earlier statement of the transaction — so one snapshot
 * serves them all, and a tick costs the server one statement execution instead of one per write.
 *
 * The statement's text depends only on its shape (which writes, which columns, how many rows), so
 * it is built by Drizzle once per shape with named placeholders and cached; each tick only binds
 * its values, through the same column encoders Drizzle would use. Statements are named, so the
 * driver prepares each once per connection and the server does not parse and plan it every tick.
 */
import { and, eq, type Query, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from '../database.ts';
import { auditEvents, botDecisions, botPnlSnapshots, botPositions, bots, botTickRuns, liveOrders, shadowPairs, tradeLogs } from '../schema/index.ts';

type Row = Record<string, unknown>;

export interface PendingWrite {
  /** Same shape ⇒ same statement text. */
  readonly shape: string;
  /** The write with its values as placeholders named `${prefix}…`. */
  template(db: Database, prefix: string): { getSQL(): SQL };
  /** This write's values for those placeholders. */
  bind(prefix: string, values: Row): void;
}

/**
 * A row's columns: those with a value become placeholders; null ones are written as a literal
 * `null` (part of the shape), because Drizzle's encoders, which bound values go through, do not
 * accept null; undefined ones are left out (the column default), as Drizzle does.
 */
interface Columns {
  readonly bound: readonly string[];
  readonly nulls: readonly string[];
  readonly shape: string;
}

function columnsOf(row: Row): Columns {
  const bound: string[] = [];
  const nulls: string[] = [];
  for (const k of Object.keys(row)) {
    const v = row[k];
    if (v === null) nulls.push(k);
    else if (v !== undefined) bound.push(k);
  }
  return { bound, nulls, shape: `${bound.join(',')}|${nulls.join(',')}` };
}

function placeholders(prefix: string, c: Columns): Row {
  const out: Row = {};
  for (const k of c.bound) out[k] = sql.placeholder(prefix + k);
  for (const k of c.nulls) out[k] = sql`null`;
  return out;
}

const bindRow = (prefix: string, c: Columns, row: Row, values: Row) => {
  for (const k of c.bound) values[prefix + k] = row[k];
};

function insertRows(kind: string, rows: readonly Row[], build: (db: Database, values: Row[]) => { getSQL(): SQL }): PendingWrite {
  const columns = rows.map(columnsOf);
  return {
    shape: `${kind}(${columns.map((c) => c.shape).join(';')})`,
    template: (db, prefix) => build(db, columns.map((c, i) => placeholders(`${prefix}${i}_`, c))),
    bind: (prefix, values) => rows.forEach((row, i) => bindRow(`${prefix}${i}_`, columns[i] as Columns, row, values)),
  };
}

export const tradeWrite = (row: object): PendingWrite => insertRows('trade', [row as Row], (db, v) => db.insert(tradeLogs).values(v as never));
export const decisionWrite = (row: object): PendingWrite => insertRows('decision', [row as Row], (db, v) => db.insert(botDecisions).values(v as never));
export const snapshotWrite = (row: object): PendingWrite => insertRows('snapshot', [row as Row], (db, v) => db.insert(botPnlSnapshots).values(v as never));
export const auditWrite = (rows: readonly object[]): PendingWrite => insertRows('audit', rows as Row[], (db, v) => db.insert(auditEvents).values(v as never));

/** Upserts positions (bot, token): the stored row takes every column of the new one. */
export const positionsWrite = (rows: readonly object[]): PendingWrite =>
  insertRows('positions', rows as Row[], (db, v) =>
    db
      .insert(botPositions)
      .values(v as never)
      .onConflictDoUpdate({
        target: [botPositions.botId, botPositions.tokenId],
        set: {
          sharesMicros: sql`excluded.shares_micros`,
          costBasisMicros: sql`excluded.cost_basis_micros`,
          realizedPnlMicros: sql`excluded.realized_pnl_micros`,
          feesPaidMicros: sql`excluded.fees_paid_micros`,
          markPriceMicros: sql`excluded.mark_price_micros`,
          settledAt: sql`excluded.settled_at`,
          settlementPriceMicros: sql`excluded.settlement_price_micros`,
          updatedAt: sql`excluded.updated_at`,
        },
      }),
  );

export function botUpdateWrite(botId: string, set: object): PendingWrite {
  const c = columnsOf(set as Row);
  return {
    shape: `bot(${c.shape})`,
    template: (db, prefix) => db.update(bots).set(placeholders(prefix, c) as never).where(eq(bots.id, sql.placeholder(`${prefix}__bot`))),
    bind: (prefix, values) => {
      bindRow(prefix, c, set as Row, values);
      values[`${prefix}__bot`] = botId;
    },
  };
}

export const liveOrderWrite = (row: object): PendingWrite => insertRows('live_order', [row as Row], (db, v) => db.insert(liveOrders).values(v as never));
export const shadowPairWrite = (row: object): PendingWrite => insertRows('shadow_pair', [row as Row], (db, v) => db.insert(shadowPairs).values(v as never));

export function liveOrderUpdateWrite(orderId: string, set: object): PendingWrite {
  const c = columnsOf(set as Row);
  return {
    shape: `live_order_update(${c.shape})`,
    template: (db, prefix) => db.update(liveOrders).set(placeholders(prefix, c) as never).where(eq(liveOrders.id, sql.placeholder(`${prefix}__order`))),
    bind: (prefix, values) => {
      bindRow(prefix, c, set as Row, values);
      values[`${prefix}__order`] = orderId;
    },
  };
}

export function tickRunUpdateWrite(botId: string, tickKey: string, set: object): PendingWrite {
  const c = columnsOf(set as Row);
  return {
    shape: `run(${c.shape})`,
    template: (db, prefix) =>
      db
        .update(botTickRuns)
        .set(placeholders(prefix, c) as never)
        .where(and(eq(botTickRuns.botId, sql.placeholder(`${prefix}__bot`)), eq(botTickRuns.tickKey, sql.placeholder(`${prefix}__key`)))),
    bind: (prefix, values) => {
      bindRow(prefix, c, set as Row, values);
      values[`${prefix}__bot`] = botId;
      values[`${prefix}__key`] = tickKey;
    },
  };
}

const dialect = new PgDialect();
const maxCachedShapes = 2_000;

/** Runs writes as one statement in `tx`; statement texts are cached per shape (built with `db`). */
export function createTickWriter(db: Database) {
  const cache = new Map<string, Query>();
  return (tx: Database, writes: readonly PendingWrite[]): Promise<unknown> => {
    const shape = writes.map((w) => w.shape).join(';');
    let query = cache.get(shape);
    if (query === undefined) {
      const parts = writes.map((w, i) => w.template(db, `w${i}_`).getSQL());
      const statement = parts.length === 1 ? (parts[0] as SQL) : sql`with ${sql.join(parts.map((p, i) => sql`${sql.identifier(`w${i}`)} as (${p})`), sql`, `)} select 1`;
      query = dialect.sqlToQuery(statement);
      if (cache.size < maxCachedShapes) cache.set(shape, query);
    }
    const values: Row = {};
    writes.forEach((w, i) => w.bind(`w${i}_`, values));
    return tx._.session.prepareQuery(query, undefined, 'tick_writes', false).execute(values);
  };
}
