/** The API Worker: one Hono app, built once per isolate. */
import { createApp } from './app';

const app = createApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Record<string, unknown>>;
