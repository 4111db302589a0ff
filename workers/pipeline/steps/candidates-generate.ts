/**
 * candidates:generate: for each active player, the destination clubs worth scoring as of T with the sources that
 * proposed them (flows, value band, user co-occurrence, random calibration clubs), stored in candidate_sets.
 */
import { candidateDestinations } from '../model/destinations';
import { clubAt } from '../model/timeline';
import { asOfInstant } from '../run/as-of';
import { insertRows } from './bulk';
import { datasetFor } from './dataset';
import { FEATURE_VERSION } from './features-build';
import { featuredPlayers, perPlayerStep } from './players';

export const GENERATION_VERSION = 'candidates-v2';

export const candidatesGenerate = perPlayerStep({
  name: 'candidates:generate',
  describe: 'destination clubs worth scoring for each active player, with their sources',
  population: (ctx) => featuredPlayers(ctx.asOf, FEATURE_VERSION),
  async work(ctx, ids) {
    const at = asOfInstant(ctx.asOf);
    const ds = await datasetFor(ctx, ids);
    let candidates = 0;
    const rows = ids.map((id) => {
      const list = candidateDestinations(ds, id, at);
      candidates += list.length;
      const sourceCounts: Record<string, number> = {};
      for (const c of list) for (const s of c.sources) sourceCounts[s] = (sourceCounts[s] ?? 0) + 1;
      return {
        player_id: id,
        as_of: at.toISOString(),
        from_club_id: clubAt(ds, id, at.getTime()),
        generation_version: GENERATION_VERSION,
        total_candidates: list.length,
        source_counts: sourceCounts,
        candidates_json: list.map((c) => ({ club_id: c.clubId, sources: c.sources, score: Math.round(c.score * 1e6) / 1e6 })),
      };
    });
    const written = await insertRows(
      ctx.db,
      'candidate_sets',
      { player_id: 'uuid', as_of: 'timestamptz', from_club_id: 'uuid', generation_version: 'text', total_candidates: 'int', source_counts: 'jsonb', candidates_json: 'jsonb' },
      rows,
      'ON CONFLICT (player_id, as_of, generation_version) DO NOTHING',
    );
    return { counts: { players: ids.length, candidates, written }, read: ids.length, written };
  },
});
