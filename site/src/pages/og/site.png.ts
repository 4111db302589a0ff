import type { APIRoute } from 'astro';
import { card, figuresBody, pngResponse, renderPng } from '../../lib/og';

export const GET: APIRoute = async () =>
  pngResponse(await renderPng(card(figuresBody('Transfer intelligence', 'Who moves, where, and how likely: with a published track record', []), 'Calibrated probabilities for 30, 90 and 180 days', 'transferlens')), 'public, max-age=86400, s-maxage=86400');
