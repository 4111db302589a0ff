/** Hand-built in-memory Datasets for the model's unit tests (dates as ISO days, UTC). */
import { emptyDataset } from '../../workers/pipeline/model/dataset';
import { mulberry32 } from '../../workers/pipeline/model/random';
import type { Dataset, SignalSeries, TransferRow } from '../../workers/pipeline/model/types';

export const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** An empty Dataset with one top-5 league, L1. */
export function tinyDataset(asOf: string): Dataset {
  const ds = emptyDataset(day(asOf));
  ds.competitions.set('L1', { id: 'L1', code: 'L1', isTop5: true, tier: 1, isLeague: true });
  return ds;
}

export function addClub(ds: Dataset, id: string, competitionId: string | null = 'L1', flags: { pseudo?: boolean; youth?: boolean } = {}) {
  ds.clubs.set(id, { id, name: id, competitionId, isStatusPseudo: flags.pseudo ?? false, isYouthOrReserve: flags.youth ?? false });
}

export function addPlayer(ds: Dataset, id: string, dob: string, position = 'MF') {
  ds.players.set(id, { id, dob: day(dob), position, positionGroup: null });
}

/** Adds a leg and keeps both ledger views ordered by date. */
export function addMove(ds: Dataset, playerId: string, from: string | null, to: string, date: string, type = 'permanent', fee: number | null = null) {
  const row: TransferRow = { playerId, fromClubId: from, toClubId: to, type, date: day(date), fee, marketValue: null };
  ds.transfers.push(row);
  ds.transfers.sort((a, b) => a.date - b.date);
  const legs = ds.transfersByPlayer.get(playerId) ?? [];
  legs.push(row);
  legs.sort((a, b) => a.date - b.date);
  ds.transfersByPlayer.set(playerId, legs);
}

/** Appends an open-ended row (effective from `date`, observed at `observed`) to the series under `key`. */
function push(map: Map<string, SignalSeries>, key: string, date: string, observed: string, num: number | null, json: unknown) {
  let s = map.get(key);
  if (!s) map.set(key, (s = { from: [], observed: [], to: [], num: [], json: [] }));
  s.from.push(day(date));
  s.observed.push(day(observed));
  s.to.push(Infinity);
  s.num.push(num);
  s.json.push(json);
}

export function addPlayerSignal(ds: Dataset, playerId: string, type: string, date: string, num: number | null, json: unknown = null, observed = date) {
  const byType = ds.playerSignals.get(playerId) ?? new Map<string, SignalSeries>();
  ds.playerSignals.set(playerId, byType);
  push(byType, type, date, observed, num, json);
}

export function addPairSignal(ds: Dataset, playerId: string, clubId: string, type: string, date: string, num: number) {
  const byType = ds.pairSignals.get(playerId) ?? new Map<string, Map<string, SignalSeries>>();
  ds.pairSignals.set(playerId, byType);
  const byClub = byType.get(type) ?? new Map<string, SignalSeries>();
  byType.set(type, byClub);
  push(byClub, clubId, date, date, num, null);
}

/** 400 players, 6 clubs; each 1 July a player moves with probability 0.7 if he joined without a fee, else 0.1. */
export function seasonalWorld(): Dataset {
  const ds = tinyDataset('2024-06-01');
  const rand = mulberry32(5);
  const clubs = ['C0', 'C1', 'C2', 'C3', 'C4', 'C5'];
  for (const c of clubs) addClub(ds, c);
  for (let i = 0; i < 400; i++) {
    const id = `p${i}`;
    addPlayer(ds, id, `${1994 + (i % 8)}-03-01`);
    let club = clubs[i % 6]!;
    let free = rand() < 0.5;
    addMove(ds, id, null, club, '2015-07-01', 'free_agent_signing', free ? 0 : 1e6);
    for (let y = 2016; y <= 2024; y++) {
      for (const m of ['01', '07']) if (`${y}-${m}-10` <= '2024-06-01') addPlayerSignal(ds, id, 'market_value', `${y}-${m}-10`, 1e6 + (i % 10) * 1e5);
      if (y === 2024 || rand() >= (free ? 0.7 : 0.1)) continue;
      const to = clubs[(clubs.indexOf(club) + 1 + Math.floor(rand() * 5)) % 6]!;
      free = rand() < 0.5;
      addMove(ds, id, club, to, `${y}-07-01`, free ? 'free_transfer' : 'permanent', free ? 0 : 2e6);
      club = to;
    }
  }
  return ds;
}
