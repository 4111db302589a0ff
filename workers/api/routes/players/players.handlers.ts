import type { Context } from 'hono';
import { z } from 'zod';
import type { FreshnessRow } from '../../../../db/queries/freshness';
import type { ApiEnv } from '../../lib/context';
import { getPlayerPage, getPlayerPredictions as readPredictions, getPlayerSignals as readSignals } from '../../../../db/queries/players';
import type { PredictionBriefRow } from '../../../../db/queries/predictions';
import { HORIZONS } from '../../../../db/schema/enums';
import { ApiError } from '../../../shared/errors';
import { decodeCursor, paginate } from '../../lib/cursor';
import { asOfOf, respondRead, windowOf } from '../../lib/read';
import type { AppRouteHandler } from '../../lib/router';
import { whatChanged } from '../../lib/what-changed';
import type * as routes from './players.routes';

const notFound = (ref: string) => new ApiError(404, 'not_found', `Player ${ref} not found`);
const TimeIdCursor = z.tuple([z.string().datetime(), z.string().uuid()]);

const numberOrNull = (v: unknown) => (typeof v === 'number' ? v : null);

/** Per horizon: P(any move) and the top destinations (rows arrive ordered by horizon, any-move first). */
function byHorizon(rows: PredictionBriefRow[]) {
  return HORIZONS.map((h) => {
    const mine = rows.filter((r) => r.horizon_days === h);
    const any = mine.find((r) => r.to_club_id === null);
    return {
      horizon_days: h,
      p_move: any?.probability ?? null,
      as_of: any?.as_of ?? null,
      window_end: any?.window_end ?? null,
      model_version: any?.model_version ?? null,
      top_destinations: mine.filter((r) => r.to_club_id !== null),
    };
  });
}

export const getPlayer: AppRouteHandler<typeof routes.getPlayer> = async (c) => {
  const { id } = c.req.valid('param');
  const { as_of, window_days, top } = c.req.valid('query');
  const t = asOfOf(as_of);
  const page = await getPlayerPage(c.var.db, id, t, { windowDays: window_days, topDestinations: top });
  const p = page.profile;
  if (!p) throw notFound(id);
  const { club, latest_signals: signals, ...profile } = p;
  const contractExpiry = signals.contract_expiry?.value;
  return c.json(
    {
      ...profile,
      current_club_id: club?.id ?? null,
      current_club: club,
      market_value: numberOrNull(signals.market_value?.value),
      contract_until: typeof contractExpiry === 'string' ? contractExpiry : null,
      latest_signals: signals,
      predictions: byHorizon(page.predictions),
      latest_predictions: page.predictions,
      what_changed: whatChanged(page.signalValues, page.probabilityChanges),
      what_changed_window: windowOf(page.freshness, window_days),
      transfer_history: page.transfers,
      ...respondRead(c, page.freshness),
    },
    200,
  );
};

/** A page of a player's history (signals or snapshots), keyed by (timestamp, id); 404 when the player is unknown. */
function historyPage<R extends { cursor_ts: string; id: string }>(
  c: Context<ApiEnv>,
  id: string,
  r: { found: boolean; rows: R[]; freshness: FreshnessRow },
  limit: number,
) {
  if (!r.found) throw notFound(id);
  const page = paginate(r.rows, limit, (row) => [row.cursor_ts, row.id]);
  return { items: page.items.map(({ cursor_ts: _c, ...row }) => row), next_cursor: page.next_cursor, ...respondRead(c, r.freshness) };
}

export const getPlayerSignals: AppRouteHandler<typeof routes.getPlayerSignals> = async (c) => {
  const { id } = c.req.valid('param');
  const { as_of, signal_type, include_ended, limit, cursor } = c.req.valid('query');
  const t = asOfOf(as_of);
  const r = await readSignals(c.var.db, id, t, { signalType: signal_type, includeEnded: include_ended, limit, cursor: decodeCursor(cursor, TimeIdCursor) });
  return c.json(historyPage(c, id, r, limit), 200);
};

export const getPlayerPredictions: AppRouteHandler<typeof routes.getPlayerPredictions> = async (c) => {
  const { id } = c.req.valid('param');
  const { as_of, horizon_days, to_club, limit, cursor } = c.req.valid('query');
  const t = asOfOf(as_of);
  const r = await readPredictions(c.var.db, id, t, { horizon: horizon_days, toClub: to_club, limit, cursor: decodeCursor(cursor, TimeIdCursor) });
  return c.json(historyPage(c, id, r, limit), 200);
};
