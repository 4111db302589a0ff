import type { APIRoute } from 'astro';
import * as data from '../../../lib/data';
import { formatDate, formatProbabilityShort } from '../../../lib/format';
import { card, figuresBody } from '../../../lib/og';
import { ogResponse } from '../../../lib/og-route';
import { anyMoveByHorizon, destinationName, destinations } from '../../../lib/player-view';

export const GET: APIRoute = (ctx) =>
  ogResponse(ctx, async (api, key, asOf) => {
    const p = await data.player(api, key, asOf);
    if (!p) return null;
    const any = anyMoveByHorizon(p.predictions).get(90);
    const lines = [
      ...destinations(p.predictions, 90, 2).map((d) => ({ label: `To ${destinationName(d.toClub!, p.club)}`, value: formatProbabilityShort(d.probability) })),
    ];
    if (any) lines.unshift({ label: 'Any move', value: formatProbabilityShort(any.probability) });
    const subtitle = [p.club?.name ?? 'Without club', p.position, p.age != null ? `${p.age} yrs` : null].filter(Boolean).join(' • ');
    const date = formatDate(asOf ?? any?.asOf ?? p.freshness.dataAsOf);
    const tree = card(figuresBody(p.name, subtitle, lines, `No prediction as of ${date}`), `Probability of moving within 90 days`, `as of ${date}`);
    return { tree, hasProbability: lines.length > 0 };
  });
