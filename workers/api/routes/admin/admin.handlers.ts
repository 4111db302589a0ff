import type { z } from 'zod';
import {
  appendSignals, appendTransfer, findTransfer, listPipelineRuns, supersedeTransfer as supersede, type SignalInsert, type TransferEvent as TransferRow,
  type TransferInsert,
} from '../../../../db/queries/admin';
import { recentUserEvents } from '../../../../db/queries/user-events';
import { HORIZONS } from '../../../../db/schema/enums';
import { dataFreshness } from '../../../pipeline/run/as-of';
import { findOrCreateRun } from '../../../pipeline/run/runs';
import { ApiError } from '../../../shared/errors';
import { invalidateCache, waitUntil } from '../../lib/middleware';
import type { AppRouteHandler } from '../../lib/router';
import { transferRules, type SignalCreate, type TransferCreate } from './admin.routes';
import type * as routes from './admin.routes';

const ADMIN = 'admin-api';
const compact = (uuid: string) => uuid.replace(/-/g, '');
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

function invalid(problems: { path: string; message: string }[]) {
  if (problems.length) throw new ApiError(422, 'validation_error', 'The request is invalid; see details', problems);
}

/** Deterministic natural key of a transfer: player, date and both clubs (the original ignored the to-club). */
export const transferEventId = (t: { player_id: string; transfer_date: string; from_club_id?: string | null; to_club_id: string }) =>
  `tl-${compact(t.player_id)}-${t.transfer_date.replace(/-/g, '')}-${t.from_club_id ? compact(t.from_club_id) : 'origin'}-${compact(t.to_club_id)}`;

/** Event id of a correction: <id>.v2, then .v3, ... */
export function nextVersionId(eventId: string) {
  const m = /^(.*)\.v(\d+)$/.exec(eventId);
  return m ? `${m[1]}.v${Number(m[2]) + 1}` : `${eventId}.v2`;
}

type TransferFields = Partial<z.infer<typeof TransferCreate>>;

/** API field names to the ledger's columns (only the fields given). */
function toColumns(f: TransferFields): Partial<TransferInsert> {
  const map: Record<string, keyof TransferInsert> = {
    player_id: 'playerId', from_club_id: 'fromClubId', to_club_id: 'toClubId', transfer_type: 'transferType', transfer_date: 'transferDate',
    announced_date: 'announcedDate', season: 'season', fee_amount_eur: 'feeAmountEur', fee_type: 'feeType', market_value_eur: 'marketValueEur',
    loan_end_date: 'loanEndDate', contract_end: 'contractEnd', source: 'source', source_url: 'sourceUrl', source_confidence: 'sourceConfidence',
    notes: 'notes', metadata: 'metadata',
  };
  return Object.fromEntries(Object.entries(f).filter(([k, v]) => map[k] && v !== undefined).map(([k, v]) => [map[k], v]));
}

/** A stored column value equals a corrected one (numeric columns come back as strings, jsonb as objects). */
function sameValue(stored: unknown, given: unknown): boolean {
  if (stored === null || stored === undefined || given === null) return (stored ?? null) === given;
  if (typeof given === 'number') return Number(stored) === given;
  if (typeof given === 'object') return JSON.stringify(stored) === JSON.stringify(given);
  return String(stored) === String(given);
}

function toTransferEvent(r: TransferRow) {
  return {
    id: r.id, event_id: r.eventId, player_id: r.playerId, from_club_id: r.fromClubId, to_club_id: r.toClubId, transfer_type: r.transferType,
    transfer_date: r.transferDate, announced_date: r.announcedDate, season: r.season, fee_amount_eur: r.feeAmountEur, fee_type: r.feeType,
    market_value_eur: r.marketValueEur, loan_end_date: r.loanEndDate, contract_end: r.contractEnd, source: r.source, source_url: r.sourceUrl,
    source_confidence: r.sourceConfidence, notes: r.notes, is_superseded: r.isSuperseded, superseded_by: r.supersededBy,
    superseded_at: isoOrNull(r.supersededAt), superseded_reason: r.supersededReason, created_at: r.createdAt.toISOString(),
  };
}

export const createTransfer: AppRouteHandler<typeof routes.createTransfer> = async (c) => {
  const body = c.req.valid('json');
  invalid(transferRules(body));
  const eventId = body.event_id ?? transferEventId(body);
  const row = await appendTransfer(c.var.db, { ...(toColumns(body) as TransferInsert), eventId, createdBy: ADMIN });
  if (!row) throw new ApiError(409, 'duplicate', `Transfer event ${eventId} already exists; correct it with POST /api/v1/admin/transfer_events/${eventId}/supersede`);
  await invalidateCache(c);
  return c.json(toTransferEvent(row), 201);
};

export const supersedeTransfer: AppRouteHandler<typeof routes.supersedeTransfer> = async (c) => {
  const { event_id } = c.req.valid('param');
  const { reason, correction, event_id: newEventId } = c.req.valid('json');
  const old = await findTransfer(c.var.db, event_id);
  if (!old) throw new ApiError(404, 'not_found', `Transfer event ${event_id} not found`);
  if (old.isSuperseded) throw new ApiError(409, 'already_superseded', `Transfer event ${event_id} is already superseded by ${old.supersededBy}`);
  const { id: _id, createdAt: _c, isSuperseded: _s, supersededBy: _b, supersededAt: _a, supersededReason: _r, ...kept } = old;
  const changes = toColumns(correction);
  if (Object.entries(changes).every(([k, v]) => sameValue(kept[k as keyof typeof kept], v))) {
    throw new ApiError(422, 'no_change', 'The correction changes no field of the row; send at least one field with a new value');
  }
  const corrected = { ...kept, ...changes, id: crypto.randomUUID(), eventId: newEventId ?? nextVersionId(old.eventId), createdBy: ADMIN };
  invalid(transferRules({ from_club_id: corrected.fromClubId, to_club_id: corrected.toClubId, transfer_date: corrected.transferDate, loan_end_date: corrected.loanEndDate }));
  const { inserted, superseded } = await supersede(c.var.db, old, corrected, reason, ADMIN);
  await invalidateCache(c);
  return c.json({ superseded: toTransferEvent(superseded), corrected: toTransferEvent(inserted) }, 201);
};

/** Deterministic signal id from what makes a signal itself, so a retried POST is skipped, not duplicated. */
async function signalIdOf(s: z.infer<typeof SignalCreate>) {
  const key = JSON.stringify([s.source, s.signal_type, s.entity_type, s.player_id ?? null, s.club_id ?? null, s.effective_from.toISOString(), s.value_num ?? null, s.value_text ?? null, s.value_json ?? null]);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)));
  return `api-${[...digest.slice(0, 20)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export const createSignals: AppRouteHandler<typeof routes.createSignals> = async (c) => {
  const body = c.req.valid('json');
  const signals = Array.isArray(body) ? body : [body];
  const rows: SignalInsert[] = await Promise.all(
    signals.map(async (s) => ({
      signalId: s.signal_id ?? (await signalIdOf(s)),
      entityType: s.entity_type, playerId: s.player_id ?? null, clubId: s.club_id ?? null, signalType: s.signal_type,
      valueNum: s.value_num ?? null, valueText: s.value_text ?? null, valueJson: s.value_json ?? null, source: s.source,
      sourceId: s.source_id ?? null, confidence: s.confidence, observedAt: s.observed_at, effectiveFrom: s.effective_from,
      effectiveTo: s.effective_to ?? null, metadata: s.metadata ?? null,
    })),
  );
  const inserted = await appendSignals(c.var.db, rows);
  if (inserted.length) await invalidateCache(c);
  return c.json({ inserted: inserted.length, skipped: rows.length - inserted.length, signal_ids: rows.map((r) => r.signalId) }, 201);
};

export const rebuild: AppRouteHandler<typeof routes.rebuild> = async (c) => {
  const started = performance.now();
  await invalidateCache(c);
  return c.json(
    {
      success: true as const,
      views_refreshed: [],
      cache_invalidated: true,
      message: 'No materialized views exist: every read is served from indexed tables in one round trip. Cached responses were invalidated.',
      duration_ms: Math.round(performance.now() - started),
    },
    200,
  );
};

export const startRun: AppRouteHandler<typeof routes.startRun> = async (c) => {
  const body = (c.req.valid('json') ?? {}) as { as_of?: string; horizons?: (typeof HORIZONS)[number][] };
  const asOf = body.as_of ?? (await dataFreshness(c.var.db, new Date())).asOf;
  const horizons = [...new Set(body.horizons ?? HORIZONS)].sort((a, b) => a - b);
  const run = await findOrCreateRun(c.var.db, { asOf, horizons, trigger: 'api' });
  // Wake the cron Worker through its service binding when there is one; otherwise its next tick picks the run up.
  const pipeline = c.env?.PIPELINE as { fetch?: (url: string, init: RequestInit) => Promise<Response> } | undefined;
  const dispatched = typeof pipeline?.fetch === 'function';
  if (dispatched) {
    waitUntil(c, pipeline.fetch!('https://pipeline/runs/continue', { method: 'POST' }).catch((e) => c.var.logger.warn('could not wake the pipeline', { error: String(e) })));
  }
  return c.json({ run_id: run.runId, run_key: run.runKey, status: run.status, as_of: run.asOf, horizons: run.horizons, dispatched }, 202);
};

export const listRuns: AppRouteHandler<typeof routes.listRuns> = async (c) => {
  const { status, limit, as_of } = c.req.valid('query');
  return c.json({ runs: await listPipelineRuns(c.var.db, { status, limit, asOf: as_of ?? new Date() }) }, 200);
};

export const recentEvents: AppRouteHandler<typeof routes.recentEvents> = async (c) => {
  const { event_type, limit, as_of } = c.req.valid('query');
  return c.json({ events: await recentUserEvents(c.var.db, { eventType: event_type, limit, asOf: as_of ?? new Date() }) }, 200);
};
