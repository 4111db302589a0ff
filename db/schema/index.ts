/**
 * The TransferLens schema, one module per layer. The four layers never mix:
 *  - ledger (confirmed transfers, append-only),
 *  - signals (bi-temporal observations; user-derived ones capped at confidence 0.6),
 *  - market (immutable prediction snapshots, models and their scored track record),
 *  - UX (user events, watchlists).
 * Reference data (competitions, clubs, players) and operations (pipeline runs) sit beside them.
 * Invariants are enforced in the database: see docs/data-contracts.md.
 */
export * from './enums';
export * from './reference';
export * from './ledger';
export * from './signals';
export * from './market';
export * from './ux';
export * from './ops';
