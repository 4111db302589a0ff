/**
 * features:build: one point-in-time feature vector per active player as of T (the model decides who is active),
 * stored in feature_snapshots. The feature version changes whenever the feature list does.
 */
import { FEATURE_NAMES, activePlayers, buildFeatures } from '../model/features';
import { hashString } from '../model/random';
import { asOfInstant } from '../run/as-of';
import { insertRows } from './bulk';
import { datasetFor } from './dataset';
import { allPlayers, perPlayerStep } from './players';

export const FEATURE_VERSION = `f-${hashString(FEATURE_NAMES.join(',')).toString(36)}`;

export const featuresBuild = perPlayerStep({
  name: 'features:build',
  describe: 'point-in-time feature vectors of the active players as of T',
  population: () => allPlayers(),
  async work(ctx, ids) {
    const at = asOfInstant(ctx.asOf);
    const ds = await datasetFor(ctx, ids);
    const wanted = new Set(ids);
    const active = activePlayers(ds, at).filter((id) => wanted.has(id));
    const rows = active.map((id) => ({ player_id: id, as_of: at.toISOString(), feature_version: FEATURE_VERSION, features: buildFeatures(ds, id, at).values }));
    const written = await insertRows(ctx.db, 'feature_snapshots', { player_id: 'uuid', as_of: 'timestamptz', feature_version: 'text', features: 'jsonb' }, rows, 'ON CONFLICT (player_id, as_of, feature_version) DO NOTHING');
    return { counts: { players: ids.length, active: active.length, written }, read: ids.length, written };
  },
});
