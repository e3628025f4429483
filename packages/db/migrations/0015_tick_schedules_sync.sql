-- The scheduler's queue follows the bots table: a bot that should tick (active, not emergency-stopped,
-- not deleted) has a bot_tick_schedules row, any other has none. A trigger keeps it so whatever
-- writes the bot (the API, an operator's freeze or emergency stop, direct SQL). A new or resumed bot
-- is due at once ('-infinity': the scheduler ticks its current slot); an edit of its interval or
-- strategy moves it to the right lane and keeps its due slot.
CREATE OR REPLACE FUNCTION bot_tick_schedules_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'active' AND NOT NEW.emergency_stopped AND NEW.deleted_at IS NULL THEN
    INSERT INTO bot_tick_schedules (bot_id, user_id, lane, interval_secs, due_at)
    VALUES (NEW.id, NEW.user_id, CASE WHEN NEW.strategy_kind = 'llm' THEN 'llm' ELSE 'rules' END, NEW.interval_secs, '-infinity')
    ON CONFLICT (bot_id) DO UPDATE SET lane = EXCLUDED.lane, interval_secs = EXCLUDED.interval_secs, user_id = EXCLUDED.user_id;
  ELSE
    DELETE FROM bot_tick_schedules WHERE bot_id = NEW.id;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER bot_tick_schedules_sync_insert
  AFTER INSERT ON bots
  FOR EACH ROW EXECUTE FUNCTION bot_tick_schedules_sync();--> statement-breakpoint
CREATE TRIGGER bot_tick_schedules_sync_update
  AFTER UPDATE OF status, emergency_stopped, deleted_at, strategy_kind, interval_secs, user_id ON bots
  FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.emergency_stopped IS DISTINCT FROM NEW.emergency_stopped
        OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at OR OLD.strategy_kind IS DISTINCT FROM NEW.strategy_kind
        OR OLD.interval_secs IS DISTINCT FROM NEW.interval_secs OR OLD.user_id IS DISTINCT FROM NEW.user_id)
  EXECUTE FUNCTION bot_tick_schedules_sync();--> statement-breakpoint
-- Bots already ticking when this migration runs.
INSERT INTO bot_tick_schedules (bot_id, user_id, lane, interval_secs, due_at)
SELECT id, user_id, CASE WHEN strategy_kind = 'llm' THEN 'llm' ELSE 'rules' END, interval_secs, '-infinity'
FROM bots WHERE status = 'active' AND NOT emergency_stopped AND deleted_at IS NULL
ON CONFLICT (bot_id) DO NOTHING;
