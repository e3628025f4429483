/**
 * `@polymancer/bots`' `TickScheduleStore` on Postgres/PGlite (table `bot_tick_schedules`, kept in
 * step with `bots` by a trigger). A claim is ONE statement: it ranks the oldest due rows of a lane
 * by each user's turn (a user's first due bot, then everyone's second, …), locks the chosen rows
 * with `for update skip locked` — so concurrent claimers take disjoint rows and never wait — and
 * leases them. Statements are named (prepared once per connection), as the tick's are.
 */
import type { ClaimedTick, ClaimRequest, LaneCounts, TickFinish, TickLane, TickScheduleStore } from '@polymancer/bots';
import type { Database } from '../database.ts';

type RawRow = Record<string, unknown>;

async function rawRows(db: Database, name: string, text: string, params: unknown[]): Promise<RawRow[]> {
  const result = (await db._.session.prepareQuery({ sql: text, params }, undefined, name, false).execute()) as RawRow[] | { rows: RawRow[] };
  return Array.isArray(result) ? result : result.rows;
}

const claimable = `due_at <= $2::timestamptz and (lease_expires_at is null or lease_expires_at <= $2::timestamptz)`;

// $1 lane, $2 now, $3 rows ranked for fairness, $4 limit, $5 owner, $6 lease ms.
// The window's oldest due rows are ranked by each user's turn; only the first few (spares for rows a
// concurrent claimer locks first) are joined back to the table, by primary key, and locked. Joining
// the whole ranked window back cost a scan of the lane and a hash join per claim (with 10,000 bots due,
// about twice the server CPU of this form at the same window; bench/scheduler-overhead.ts measures it).
// A row claimed while it still has an owner lost its lease (a killed worker): one more attempt.
const claimSql = `with due as (
    select bot_id, user_id, due_at from bot_tick_schedules
    where lane = $1 and ${claimable}
    order by due_at limit $3
  ), candidates as materialized (
    select bot_id, due_at, row_number() over (partition by user_id order by due_at, bot_id) as turn from due
    order by turn, due_at, bot_id limit $4::int * 4
  ), picked as materialized (
    select s.bot_id from candidates c inner join bot_tick_schedules s on s.bot_id = c.bot_id
    -- re-checked on the row as locked: a row another claimer leased meanwhile is not taken twice
    where s.due_at <= $2::timestamptz and (s.lease_expires_at is null or s.lease_expires_at <= $2::timestamptz)
    order by c.turn, c.due_at, c.bot_id
    limit $4
    for update of s skip locked
  )
  update bot_tick_schedules s
    set lease_owner = $5, lease_expires_at = $2::timestamptz + make_interval(secs => $6::float8 / 1000),
        attempts = case when s.lease_owner is null then s.attempts else s.attempts + 1 end
  from picked where s.bot_id = picked.bot_id
  returning s.bot_id, s.user_id, s.lane, s.interval_secs, s.attempts,
    case when s.due_at = '-infinity' then null else (extract(epoch from s.due_at) * 1000)::float8 end as due_ms`;

// $1 bot, $2 owner, $3 next due, $4 missed, $5 late (0/1), $6 failed (0/1), $7 lateness ms, $8 at.
const finishSql = `update bot_tick_schedules set due_at = $3::timestamptz, lease_owner = null, lease_expires_at = null, attempts = 0,
    missed_slots = missed_slots + $4::bigint, late_ticks = late_ticks + $5::bigint, failed_ticks = failed_ticks + $6::bigint,
    last_lateness_ms = coalesce($7::int, last_lateness_ms),
    last_tick_at = case when $6::int = 0 then $8::timestamptz else last_tick_at end
  where bot_id = $1 and lease_owner = $2`;

const retrySql = `update bot_tick_schedules set lease_owner = null, lease_expires_at = $3::timestamptz, attempts = attempts + 1
  where bot_id = $1 and lease_owner = $2`;

const pinSql = `update bot_tick_schedules set due_at = $3::timestamptz where bot_id = $1 and lease_owner = $2 and due_at = '-infinity'`;

const removeSql = `delete from bot_tick_schedules where bot_id = $1 and lease_owner = $2`;

// The first row of the (lane, due_at) index after now: a probe, where a min() over the lane's every
// row (the lease included) cost a scan of 10,000 rows per idle claim.
const nextSql = `select (extract(epoch from due_at) * 1000)::float8 as at_ms
  from bot_tick_schedules where lane = $1 and due_at > $2::timestamptz order by due_at limit 1`;

const countsSql = `select
    count(*) filter (where ${claimable})::int as due,
    count(*) filter (where lease_owner is not null and lease_expires_at > $2::timestamptz)::int as running,
    count(*) filter (where due_at > '-infinity' and due_at <= $2::timestamptz - make_interval(secs => $3::float8 / 1000)
                     and (lease_expires_at is null or lease_expires_at <= $2::timestamptz))::int as late
  from bot_tick_schedules where lane = $1`;

export interface TickScheduleStoreOptions {
  /**
   * Oldest due rows ranked per claim for fairness (default 512): users are served in turns among the
   * lane's 512 oldest due rows. Under a backlog larger than that, a user whose bots are all further
   * back waits for the rows ahead of the window; the window's cost is paid by every claim.
   */
  readonly fairnessWindow?: number;
}

export function createTickScheduleStore(db: Database, options: TickScheduleStoreOptions = {}): TickScheduleStore {
  const window = options.fairnessWindow ?? 512;
  return {
    async claimDue(r: ClaimRequest): Promise<ClaimedTick[]> {
      if (r.limit <= 0) return [];
      const rows = await rawRows(db, 'sched_claim', claimSql, [r.lane, r.now.toISOString(), Math.max(window, r.limit), r.limit, r.owner, r.leaseMs]);
      return rows.map((row) => ({
        botId: row.bot_id as string,
        userId: row.user_id as string,
        lane: row.lane as TickLane,
        intervalSecs: Number(row.interval_secs),
        attempts: Number(row.attempts),
        dueAtMs: row.due_ms === null ? null : Math.round(Number(row.due_ms)),
      }));
    },
    async finish(f: TickFinish) {
      await rawRows(db, 'sched_finish', finishSql, [
        f.botId,
        f.owner,
        f.nextDueAt.toISOString(),
        f.missedSlots,
        f.late ? 1 : 0,
        f.failed ? 1 : 0,
        f.latenessMs === null ? null : Math.min(Math.round(f.latenessMs), 2_147_483_647),
        f.at.toISOString(),
      ]);
    },
    async pinSlot(botId, owner, slotAt) {
      await rawRows(db, 'sched_pin', pinSql, [botId, owner, slotAt.toISOString()]);
    },
    async retryLater(botId, owner, notBefore) {
      await rawRows(db, 'sched_retry', retrySql, [botId, owner, notBefore.toISOString()]);
    },
    async remove(botId, owner) {
      await rawRows(db, 'sched_remove', removeSql, [botId, owner]);
    },
    async nextClaimableAt(lane, now) {
      const [row] = await rawRows(db, 'sched_next', nextSql, [lane, now.toISOString()]);
      return row?.at_ms === null || row?.at_ms === undefined ? undefined : new Date(Math.round(Number(row.at_ms)));
    },
    async counts(lane, now, lateAfterMs): Promise<LaneCounts> {
      const [row] = await rawRows(db, 'sched_counts', countsSql, [lane, now.toISOString(), lateAfterMs]);
      return { due: Number(row?.due ?? 0), running: Number(row?.running ?? 0), late: Number(row?.late ?? 0) };
    },
  };
}
