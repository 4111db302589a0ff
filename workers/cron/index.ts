/**
 * The Cron Trigger Worker: the daily pipeline inside Worker limits, with the same step code as the Node CLI in small
 * chunks (tick.ts). "0 6 * * *" creates the day's run and starts it; the other schedules continue unfinished runs;
 * POST /runs/continue (reached through the API's PIPELINE service binding) does the same on demand.
 * A Worker entry module may export only handlers.
 */
import { DAILY_CRON, tick } from './tick';

export default {
  // Awaited rather than waitUntil: a scheduled invocation may run for minutes of wall time, and its outcome
  // (ok / exception) is then the pipeline's.
  async scheduled(controller: ScheduledController, env: Record<string, unknown>) {
    const r = await tick(env, { createDaily: controller.cron === DAILY_CRON, now: new Date(controller.scheduledTime) });
    console.log(JSON.stringify(r));
  },
  async fetch(request: Request, env: Record<string, unknown>, ctx: ExecutionContext) {
    const url = new URL(request.url);
    if (request.method !== 'POST' || url.pathname !== '/runs/continue') return Response.json({ error: { code: 'not_found', message: 'POST /runs/continue' } }, { status: 404 });
    ctx.waitUntil(tick(env, { createDaily: false, now: new Date() }));
    return Response.json({ accepted: true }, { status: 202 });
  },
};
