/** Bundled datasets (Transfermarkt, via transfermarkt-datasets (CC0)); see db/seed/real/README.md. */
import { fileURLToPath } from 'node:url';

/** The full real dataset: core snapshot 2024-12-12, supplement 2026-02-11. */
export const REAL_DATASET_DIR = fileURLToPath(new URL('./real', import.meta.url));

/** A small subset derived from the real files (workers/pipeline/ingest/fixture.ts) for fast tests. */
export const FIXTURE_DATASET_DIR = fileURLToPath(new URL('./fixture', import.meta.url));

/** The top-5 leagues: the faster default subset for embedded PGlite (see docs/data-ingest.md). */
export const TOP5_LEAGUES = ['GB1', 'ES1', 'IT1', 'L1', 'FR1'] as const;
