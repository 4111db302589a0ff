import type { APIRoute } from 'astro';
import * as data from '../../../lib/data';
import { formatDate, formatProbabilityShort } from '../../../lib/format';
import { card, figuresBody } from '../../../lib/og';
import { ogResponse } from '../../../lib/og-route';

export const GET: APIRoute = (ctx) =>
  ogResponse(ctx, async (api, key, asOf) => {
    const c = await data.club(api, key, asOf);
    if (!c) return null;
    const lines = c.outgoing.slice(0, 3).map((r) => ({ label: `${r.player.name} out`, value: formatProbabilityShort(r.probability) }));
    const subtitle = [c.competition, c.country].filter(Boolean).join(' • ') || 'Club';
    const date = formatDate(asOf ?? c.freshness.dataAsOf);
    const tree = card(figuresBody(c.name, subtitle, lines, `No prediction as of ${date}`), 'Most likely departures within 90 days', `as of ${date}`);
    return { tree, hasProbability: lines.length > 0 };
  });
