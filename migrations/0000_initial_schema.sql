-- pg_trgm powers accent-free trigram search on players and clubs (indexes below).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TYPE "public"."correction_type" AS ENUM('insert', 'update', 'delete', 'merge', 'supersede');--> statement-breakpoint
CREATE TYPE "public"."entity_type" AS ENUM('player', 'club', 'club_player_pair');--> statement-breakpoint
CREATE TYPE "public"."fee_type" AS ENUM('confirmed', 'reported', 'estimated', 'undisclosed', 'free', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."model_status" AS ENUM('training', 'completed', 'failed', 'deployed', 'archived');--> statement-breakpoint
CREATE TYPE "public"."run_status" AS ENUM('pending', 'running', 'succeeded', 'failed', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."signal_type" AS ENUM('market_value', 'contract_expiry', 'contract_months_remaining', 'current_club', 'agent', 'season_appearances', 'minutes_last_5', 'injuries_status', 'goals_last_10', 'assists_last_10', 'club_league_position', 'club_points_per_game', 'club_net_spend_12m', 'wage_estimate', 'release_clause', 'social_mention_velocity', 'social_sentiment', 'user_attention_velocity', 'user_destination_cooccurrence', 'user_watchlist_adds');--> statement-breakpoint
CREATE TYPE "public"."transfer_type" AS ENUM('permanent', 'free_transfer', 'loan', 'loan_with_option', 'loan_with_obligation', 'loan_return', 'youth_promotion', 'free_agent_signing', 'release', 'retirement', 'contract_expiry');--> statement-breakpoint
CREATE TYPE "public"."user_event_type" AS ENUM('page_view', 'player_view', 'club_view', 'transfer_view', 'prediction_view', 'watchlist_add', 'watchlist_remove', 'search', 'share', 'filter_apply', 'comparison_view');--> statement-breakpoint
CREATE TABLE "clubs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(255) NOT NULL,
	"short_name" varchar(80),
	"slug" varchar(160) NOT NULL,
	"search_name" text NOT NULL,
	"country" varchar(100),
	"competition_id" uuid,
	"stadium" varchar(255),
	"stadium_capacity" integer,
	"squad_size" integer,
	"average_age" text,
	"transfermarkt_id" varchar(50),
	"logo_url" varchar(500),
	"is_status_pseudo" boolean DEFAULT false NOT NULL,
	"is_youth_or_reserve" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "competitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(255) NOT NULL,
	"short_name" varchar(50),
	"country" varchar(100) NOT NULL,
	"competition_type" varchar(50) DEFAULT 'league' NOT NULL,
	"tier" integer DEFAULT 1 NOT NULL,
	"is_top5" boolean DEFAULT false NOT NULL,
	"transfermarkt_id" varchar(50),
	"logo_url" varchar(500),
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "players" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(255) NOT NULL,
	"full_name" varchar(500),
	"slug" varchar(200) NOT NULL,
	"search_name" text NOT NULL,
	"date_of_birth" date,
	"nationality" varchar(100),
	"country_of_birth" varchar(100),
	"position" varchar(10),
	"position_group" varchar(20),
	"sub_position" varchar(50),
	"foot" varchar(10),
	"height_cm" integer,
	"transfermarkt_id" varchar(50),
	"photo_url" varchar(500),
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "seasons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"competition_id" uuid NOT NULL,
	"name" varchar(20) NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transfer_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" varchar(120) NOT NULL,
	"player_id" uuid NOT NULL,
	"from_club_id" uuid,
	"to_club_id" uuid NOT NULL,
	"transfer_type" "transfer_type" NOT NULL,
	"transfer_date" date NOT NULL,
	"announced_date" date,
	"season" varchar(10),
	"fee_amount_eur" double precision,
	"fee_type" "fee_type" DEFAULT 'reported' NOT NULL,
	"market_value_eur" double precision,
	"loan_end_date" date,
	"contract_end" date,
	"source" varchar(255) NOT NULL,
	"source_url" varchar(1000),
	"source_confidence" double precision DEFAULT 1 NOT NULL,
	"notes" text,
	"metadata" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" varchar(100),
	"is_superseded" boolean DEFAULT false NOT NULL,
	"superseded_by" uuid,
	"superseded_at" timestamp with time zone,
	"superseded_reason" text,
	CONSTRAINT "ck_transfer_distinct_clubs" CHECK ("transfer_events"."from_club_id" IS NULL OR "transfer_events"."from_club_id" <> "transfer_events"."to_club_id"),
	CONSTRAINT "ck_transfer_source_confidence" CHECK ("transfer_events"."source_confidence" >= 0 AND "transfer_events"."source_confidence" <= 1),
	CONSTRAINT "ck_transfer_fee_nonnegative" CHECK ("transfer_events"."fee_amount_eur" IS NULL OR "transfer_events"."fee_amount_eur" >= 0),
	CONSTRAINT "ck_transfer_loan_end" CHECK ("transfer_events"."loan_end_date" IS NULL OR "transfer_events"."loan_end_date" >= "transfer_events"."transfer_date"),
	CONSTRAINT "ck_transfer_superseded_consistent" CHECK (("transfer_events"."is_superseded" AND "transfer_events"."superseded_at" IS NOT NULL AND "transfer_events"."superseded_reason" IS NOT NULL) OR (NOT "transfer_events"."is_superseded" AND "transfer_events"."superseded_by" IS NULL AND "transfer_events"."superseded_at" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "signal_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"signal_id" varchar(200) NOT NULL,
	"entity_type" "entity_type" NOT NULL,
	"player_id" uuid,
	"club_id" uuid,
	"signal_type" "signal_type" NOT NULL,
	"value_num" double precision,
	"value_text" text,
	"value_json" jsonb,
	"source" varchar(255) NOT NULL,
	"source_id" varchar(255),
	"confidence" double precision DEFAULT 1 NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"effective_to" timestamp with time zone,
	"metadata" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_signal_confidence_range" CHECK ("signal_events"."confidence" >= 0 AND "signal_events"."confidence" <= 1),
	CONSTRAINT "ck_signal_user_derived_cap" CHECK ("signal_events"."source" <> 'tl_user_derived' OR "signal_events"."confidence" <= 0.6),
	CONSTRAINT "ck_signal_effective_before_observed" CHECK ("signal_events"."effective_from" <= "signal_events"."observed_at"),
	CONSTRAINT "ck_signal_effective_range" CHECK ("signal_events"."effective_to" IS NULL OR "signal_events"."effective_to" > "signal_events"."effective_from"),
	CONSTRAINT "ck_signal_entity_consistency" CHECK (("signal_events"."entity_type" = 'player' AND "signal_events"."player_id" IS NOT NULL AND "signal_events"."club_id" IS NULL)
       OR ("signal_events"."entity_type" = 'club' AND "signal_events"."club_id" IS NOT NULL AND "signal_events"."player_id" IS NULL)
       OR ("signal_events"."entity_type" = 'club_player_pair' AND "signal_events"."player_id" IS NOT NULL AND "signal_events"."club_id" IS NOT NULL)),
	CONSTRAINT "ck_signal_has_value" CHECK ("signal_events"."value_num" IS NOT NULL OR "signal_events"."value_text" IS NOT NULL OR "signal_events"."value_json" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "candidate_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"player_id" uuid NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"from_club_id" uuid,
	"generation_version" varchar(50) NOT NULL,
	"total_candidates" integer NOT NULL,
	"source_counts" jsonb NOT NULL,
	"candidates_json" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feature_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"player_id" uuid NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"feature_version" varchar(50) NOT NULL,
	"features" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_version_id" uuid NOT NULL,
	"evaluation_type" varchar(20) NOT NULL,
	"evaluation_name" varchar(200) NOT NULL,
	"evaluation_start" timestamp with time zone NOT NULL,
	"evaluation_end" timestamp with time zone NOT NULL,
	"horizon_days" integer NOT NULL,
	"total_predictions" integer NOT NULL,
	"total_positives" integer NOT NULL,
	"auc_roc" double precision,
	"brier_score" double precision,
	"brier_skill" double precision,
	"log_loss" double precision,
	"calibration_error" double precision,
	"precision_at_20" double precision,
	"precision_at_100" double precision,
	"destination_top1" double precision,
	"destination_top5" double precision,
	"destination_top10" double precision,
	"calibration_bins" jsonb,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_model_evaluations_horizon" CHECK ("model_evaluations"."horizon_days" IN (30, 90, 180))
);
--> statement-breakpoint
CREATE TABLE "model_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_name" varchar(100) NOT NULL,
	"model_version" varchar(80) NOT NULL,
	"training_as_of" timestamp with time zone NOT NULL,
	"training_samples" integer NOT NULL,
	"positive_samples" integer NOT NULL,
	"feature_count" integer NOT NULL,
	"features_used" jsonb NOT NULL,
	"metrics" jsonb NOT NULL,
	"feature_importances" jsonb,
	"artifact" jsonb NOT NULL,
	"status" "model_status" DEFAULT 'completed' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deployed_at" timestamp with time zone,
	"error_message" text
);
--> statement-breakpoint
CREATE TABLE "prediction_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"snapshot_id" varchar(160) NOT NULL,
	"model_version" varchar(80) NOT NULL,
	"model_name" varchar(100) NOT NULL,
	"player_id" uuid NOT NULL,
	"from_club_id" uuid,
	"to_club_id" uuid,
	"horizon_days" integer NOT NULL,
	"probability" double precision NOT NULL,
	"drivers_json" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"features_json" jsonb,
	"as_of" timestamp with time zone NOT NULL,
	"window_start" date NOT NULL,
	"window_end" date NOT NULL,
	"pipeline_run_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_prediction_probability_range" CHECK ("prediction_snapshots"."probability" >= 0 AND "prediction_snapshots"."probability" <= 1),
	CONSTRAINT "ck_prediction_horizon" CHECK ("prediction_snapshots"."horizon_days" IN (30, 90, 180)),
	CONSTRAINT "ck_prediction_window" CHECK ("prediction_snapshots"."window_end" = "prediction_snapshots"."window_start" + "prediction_snapshots"."horizon_days")
);
--> statement-breakpoint
CREATE TABLE "user_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_anon_id" varchar(100) NOT NULL,
	"session_id" varchar(100) NOT NULL,
	"event_type" "user_event_type" NOT NULL,
	"event_props_json" jsonb,
	"player_id" uuid,
	"club_id" uuid,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"device_type" varchar(20),
	"country_code" varchar(2)
);
--> statement-breakpoint
CREATE TABLE "watchlist_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"watchlist_id" uuid NOT NULL,
	"player_id" uuid NOT NULL,
	"notes" text,
	"alert_on_transfer" boolean DEFAULT true NOT NULL,
	"alert_on_probability_change" boolean DEFAULT true NOT NULL,
	"probability_threshold" double precision,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "watchlists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" varchar(100) NOT NULL,
	"name" varchar(255) DEFAULT 'My Watchlist' NOT NULL,
	"description" text,
	"is_public" boolean DEFAULT false NOT NULL,
	"share_token" varchar(100),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_corrections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"table_name" varchar(100) NOT NULL,
	"record_id" uuid NOT NULL,
	"correction_type" "correction_type" NOT NULL,
	"old_value" jsonb,
	"new_value" jsonb,
	"new_record_id" uuid,
	"reason" text NOT NULL,
	"corrected_by" varchar(100) NOT NULL,
	"corrected_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pipeline_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"run_key" varchar(120) NOT NULL,
	"step" varchar(50) NOT NULL,
	"status" "run_status" DEFAULT 'pending' NOT NULL,
	"trigger" varchar(20) DEFAULT 'cli' NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"cursor" jsonb,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"rows_written" integer DEFAULT 0 NOT NULL,
	"counts" jsonb,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clubs" ADD CONSTRAINT "clubs_competition_id_competitions_id_fk" FOREIGN KEY ("competition_id") REFERENCES "public"."competitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seasons" ADD CONSTRAINT "seasons_competition_id_competitions_id_fk" FOREIGN KEY ("competition_id") REFERENCES "public"."competitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_events" ADD CONSTRAINT "transfer_events_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_events" ADD CONSTRAINT "transfer_events_from_club_id_clubs_id_fk" FOREIGN KEY ("from_club_id") REFERENCES "public"."clubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_events" ADD CONSTRAINT "transfer_events_to_club_id_clubs_id_fk" FOREIGN KEY ("to_club_id") REFERENCES "public"."clubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_events" ADD CONSTRAINT "transfer_events_superseded_by_transfer_events_id_fk" FOREIGN KEY ("superseded_by") REFERENCES "public"."transfer_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signal_events" ADD CONSTRAINT "signal_events_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signal_events" ADD CONSTRAINT "signal_events_club_id_clubs_id_fk" FOREIGN KEY ("club_id") REFERENCES "public"."clubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidate_sets" ADD CONSTRAINT "candidate_sets_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidate_sets" ADD CONSTRAINT "candidate_sets_from_club_id_clubs_id_fk" FOREIGN KEY ("from_club_id") REFERENCES "public"."clubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feature_snapshots" ADD CONSTRAINT "feature_snapshots_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_evaluations" ADD CONSTRAINT "model_evaluations_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_snapshots" ADD CONSTRAINT "prediction_snapshots_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_snapshots" ADD CONSTRAINT "prediction_snapshots_from_club_id_clubs_id_fk" FOREIGN KEY ("from_club_id") REFERENCES "public"."clubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_snapshots" ADD CONSTRAINT "prediction_snapshots_to_club_id_clubs_id_fk" FOREIGN KEY ("to_club_id") REFERENCES "public"."clubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_events" ADD CONSTRAINT "user_events_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_events" ADD CONSTRAINT "user_events_club_id_clubs_id_fk" FOREIGN KEY ("club_id") REFERENCES "public"."clubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watchlist_items" ADD CONSTRAINT "watchlist_items_watchlist_id_watchlists_id_fk" FOREIGN KEY ("watchlist_id") REFERENCES "public"."watchlists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watchlist_items" ADD CONSTRAINT "watchlist_items_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "uq_clubs_transfermarkt_id" ON "clubs" USING btree ("transfermarkt_id");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_clubs_slug" ON "clubs" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "ix_clubs_competition" ON "clubs" USING btree ("competition_id");--> statement-breakpoint
CREATE INDEX "ix_clubs_search_trgm" ON "clubs" USING gin ("search_name" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "uq_competitions_transfermarkt_id" ON "competitions" USING btree ("transfermarkt_id");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_competitions_name_country" ON "competitions" USING btree ("name","country");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_players_transfermarkt_id" ON "players" USING btree ("transfermarkt_id");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_players_slug" ON "players" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "ix_players_position" ON "players" USING btree ("position");--> statement-breakpoint
CREATE INDEX "ix_players_search_trgm" ON "players" USING gin ("search_name" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "uq_seasons_competition_name" ON "seasons" USING btree ("competition_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_transfer_events_event_id" ON "transfer_events" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "ix_transfer_events_player_date" ON "transfer_events" USING btree ("player_id","transfer_date");--> statement-breakpoint
CREATE INDEX "ix_transfer_events_from_club_date" ON "transfer_events" USING btree ("from_club_id","transfer_date");--> statement-breakpoint
CREATE INDEX "ix_transfer_events_to_club_date" ON "transfer_events" USING btree ("to_club_id","transfer_date");--> statement-breakpoint
CREATE INDEX "ix_transfer_events_date" ON "transfer_events" USING btree ("transfer_date");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_signal_events_signal_id" ON "signal_events" USING btree ("signal_id");--> statement-breakpoint
CREATE INDEX "ix_signal_events_player_type_effective" ON "signal_events" USING btree ("player_id","signal_type","effective_from");--> statement-breakpoint
CREATE INDEX "ix_signal_events_club_type_effective" ON "signal_events" USING btree ("club_id","signal_type","effective_from");--> statement-breakpoint
CREATE INDEX "ix_signal_events_type_observed" ON "signal_events" USING btree ("signal_type","observed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_candidate_sets_player_as_of" ON "candidate_sets" USING btree ("player_id","as_of","generation_version");--> statement-breakpoint
CREATE INDEX "ix_candidate_sets_as_of" ON "candidate_sets" USING btree ("as_of");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_feature_snapshots_player_as_of" ON "feature_snapshots" USING btree ("player_id","as_of","feature_version");--> statement-breakpoint
CREATE INDEX "ix_feature_snapshots_as_of" ON "feature_snapshots" USING btree ("as_of");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_model_evaluations_key" ON "model_evaluations" USING btree ("model_version_id","evaluation_type","evaluation_name","horizon_days");--> statement-breakpoint
CREATE INDEX "ix_model_evaluations_horizon" ON "model_evaluations" USING btree ("horizon_days","evaluation_start");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_model_versions_version" ON "model_versions" USING btree ("model_version");--> statement-breakpoint
CREATE INDEX "ix_model_versions_status" ON "model_versions" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_prediction_snapshots_snapshot_id" ON "prediction_snapshots" USING btree ("snapshot_id");--> statement-breakpoint
CREATE INDEX "ix_prediction_snapshots_latest" ON "prediction_snapshots" USING btree ("player_id","horizon_days","to_club_id","as_of");--> statement-breakpoint
CREATE INDEX "ix_prediction_snapshots_as_of" ON "prediction_snapshots" USING btree ("as_of","horizon_days");--> statement-breakpoint
CREATE INDEX "ix_prediction_snapshots_to_club" ON "prediction_snapshots" USING btree ("to_club_id","as_of");--> statement-breakpoint
CREATE INDEX "ix_prediction_snapshots_from_club" ON "prediction_snapshots" USING btree ("from_club_id","as_of");--> statement-breakpoint
CREATE INDEX "ix_user_events_occurred_at" ON "user_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "ix_user_events_player_time" ON "user_events" USING btree ("player_id","event_type","occurred_at");--> statement-breakpoint
CREATE INDEX "ix_user_events_club_time" ON "user_events" USING btree ("club_id","event_type","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_watchlist_items_player" ON "watchlist_items" USING btree ("watchlist_id","player_id");--> statement-breakpoint
CREATE INDEX "ix_watchlist_items_player" ON "watchlist_items" USING btree ("player_id");--> statement-breakpoint
CREATE INDEX "ix_watchlists_user" ON "watchlists" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_watchlists_share_token" ON "watchlists" USING btree ("share_token");--> statement-breakpoint
CREATE INDEX "ix_data_corrections_record" ON "data_corrections" USING btree ("table_name","record_id");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_pipeline_runs_run_step" ON "pipeline_runs" USING btree ("run_id","step");--> statement-breakpoint
CREATE INDEX "ix_pipeline_runs_key" ON "pipeline_runs" USING btree ("run_key","created_at");--> statement-breakpoint
CREATE INDEX "ix_pipeline_runs_created" ON "pipeline_runs" USING btree ("created_at");