-- An edit of a bot's interval reschedules it onto the new interval's slot grid: its next tick is the
-- first slot of the new interval at or after the edit — never the old, possibly overdue, slot kept
-- (a bulk edit would otherwise make every edited bot due at once, off its phase, in a burst that
-- repeats each interval). A new or resumed bot ('-infinity') still ticks at once; a row under a lease
-- or awaiting a retry keeps its slot (the retry must run the same tick key; the scheduler moves it
-- onto the grid when that tick finishes).
--
-- bot_tick_slot_phase_ms is @polymancer/bots' slotPhaseMs (scheduling/slots.ts): FNV-1a (32 bit) of
-- the bot id modulo the interval in ms. Both must stay equal (a test compares them).
CREATE OR REPLACE FUNCTION bot_tick_slot_phase_ms(bot_id text, interval_secs integer) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  h bigint := 2166136261;
BEGIN
  FOR i IN 1..length(bot_id) LOOP
    h := ((h # ascii(substr(bot_id, i, 1))) * 16777619) & 4294967295;
  END LOOP;
  RETURN h % (interval_secs::bigint * 1000);
END
$$;--> statement-breakpoint
-- The start of the bot's first slot (of this interval) at or after `at`.
CREATE OR REPLACE FUNCTION bot_tick_next_slot(bot_id text, interval_secs integer, at timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT to_timestamp((phase + ceil((at_ms - phase) / iv) * iv) / 1000.0)
  FROM (SELECT bot_tick_slot_phase_ms(bot_id, interval_secs)::numeric AS phase,
               interval_secs::numeric * 1000 AS iv,
               floor(extract(epoch FROM at) * 1000) AS at_ms) AS p
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION bot_tick_schedules_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'active' AND NOT NEW.emergency_stopped AND NEW.deleted_at IS NULL THEN
    INSERT INTO bot_tick_schedules (bot_id, user_id, lane, interval_secs, due_at)
    VALUES (NEW.id, NEW.user_id, CASE WHEN NEW.strategy_kind = 'llm' THEN 'llm' ELSE 'rules' END, NEW.interval_secs, '-infinity')
    ON CONFLICT (bot_id) DO UPDATE SET lane = EXCLUDED.lane, interval_secs = EXCLUDED.interval_secs, user_id = EXCLUDED.user_id,
      due_at = CASE
        WHEN bot_tick_schedules.interval_secs <> EXCLUDED.interval_secs AND bot_tick_schedules.due_at <> '-infinity'
             AND bot_tick_schedules.lease_owner IS NULL AND bot_tick_schedules.attempts = 0
          THEN bot_tick_next_slot(EXCLUDED.bot_id, EXCLUDED.interval_secs, now())
        ELSE bot_tick_schedules.due_at
      END;
  ELSE
    DELETE FROM bot_tick_schedules WHERE bot_id = NEW.id;
  END IF;
  RETURN NULL;
END
$$;
