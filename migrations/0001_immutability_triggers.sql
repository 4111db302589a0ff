-- Append-only layers. Signals and prediction snapshots can never be updated or deleted.
-- The ledger can only be corrected by marking a row superseded, once; every other change is rejected.
CREATE OR REPLACE FUNCTION tl_reject_mutation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is not allowed: the table is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER signal_events_append_only BEFORE UPDATE OR DELETE ON signal_events
  FOR EACH ROW EXECUTE FUNCTION tl_reject_mutation();
--> statement-breakpoint
CREATE TRIGGER signal_events_no_truncate BEFORE TRUNCATE ON signal_events
  FOR EACH STATEMENT EXECUTE FUNCTION tl_reject_mutation();
--> statement-breakpoint
CREATE TRIGGER prediction_snapshots_append_only BEFORE UPDATE OR DELETE ON prediction_snapshots
  FOR EACH ROW EXECUTE FUNCTION tl_reject_mutation();
--> statement-breakpoint
CREATE TRIGGER prediction_snapshots_no_truncate BEFORE TRUNCATE ON prediction_snapshots
  FOR EACH STATEMENT EXECUTE FUNCTION tl_reject_mutation();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tl_transfer_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'DELETE on transfer_events is not allowed: supersede the event instead'
      USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.is_superseded THEN
    RAISE EXCEPTION 'transfer event % is already superseded', OLD.event_id USING ERRCODE = 'restrict_violation';
  END IF;
  IF NOT NEW.is_superseded
     OR (to_jsonb(NEW) - ARRAY['is_superseded', 'superseded_by', 'superseded_at', 'superseded_reason'])
        IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['is_superseded', 'superseded_by', 'superseded_at', 'superseded_reason']) THEN
    RAISE EXCEPTION 'transfer_events rows are immutable; the only allowed change is marking a row superseded'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER transfer_events_append_only BEFORE UPDATE OR DELETE ON transfer_events
  FOR EACH ROW EXECUTE FUNCTION tl_transfer_events_guard();
--> statement-breakpoint
CREATE TRIGGER transfer_events_no_truncate BEFORE TRUNCATE ON transfer_events
  FOR EACH STATEMENT EXECUTE FUNCTION tl_reject_mutation();
