-- A user's trading freeze takes the row lock of each of the user's bots before it commits, even
-- when set by direct SQL. Every bot tick holds its bot's row lock from the gate re-check to its
-- commit, so a freeze and a tick are strictly ordered: a freeze that commits first is seen by the
-- tick (which waited for it), and a tick that committed first finished before the freeze.
CREATE OR REPLACE FUNCTION users_trading_frozen_lock_bots() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM bots WHERE user_id = NEW.id ORDER BY id FOR UPDATE;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER users_trading_frozen_lock_bots
  BEFORE UPDATE OF trading_frozen ON users
  FOR EACH ROW WHEN (OLD.trading_frozen IS DISTINCT FROM NEW.trading_frozen)
  EXECUTE FUNCTION users_trading_frozen_lock_bots();
