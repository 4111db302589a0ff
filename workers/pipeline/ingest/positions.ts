/** Transfermarkt position / sub-position -> the position codes and groups the API uses. */

export type PositionGroup = 'goalkeeper' | 'defender' | 'midfielder' | 'forward';

const SUB_POSITIONS: Record<string, [code: string, group: PositionGroup]> = {
  Goalkeeper: ['GK', 'goalkeeper'],
  'Centre-Back': ['CB', 'defender'],
  'Left-Back': ['LB', 'defender'],
  'Right-Back': ['RB', 'defender'],
  'Defensive Midfield': ['DM', 'midfielder'],
  'Central Midfield': ['CM', 'midfielder'],
  'Attacking Midfield': ['AM', 'midfielder'],
  'Left Midfield': ['LM', 'midfielder'],
  'Right Midfield': ['RM', 'midfielder'],
  'Left Winger': ['LW', 'forward'],
  'Right Winger': ['RW', 'forward'],
  'Centre-Forward': ['ST', 'forward'],
  'Second Striker': ['CF', 'forward'],
};

const POSITIONS: Record<string, [code: string, group: PositionGroup]> = {
  Goalkeeper: ['GK', 'goalkeeper'],
  Defender: ['DF', 'defender'],
  Midfield: ['MF', 'midfielder'],
  Attack: ['FW', 'forward'],
};

/** The finest code the data supports: the sub-position when known, else the broad position; null for "Missing". */
export function mapPosition(position: string | null, subPosition: string | null): { code: string | null; group: PositionGroup | null } {
  const hit = (subPosition && SUB_POSITIONS[subPosition]) || (position && POSITIONS[position]) || undefined;
  return hit ? { code: hit[0], group: hit[1] } : { code: null, group: null };
}
