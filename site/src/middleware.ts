// Astro always answers 500 when a page throws; the error page records the real status (400 for bad input, 502
// when the API failed) in locals, and this restores it on the response.
import { defineMiddleware } from 'astro:middleware';

export const onRequest = defineMiddleware(async (context, next) => {
  const res = await next();
  const status = (context.locals as { errorStatus?: number }).errorStatus;
  if (status && status !== res.status) return new Response(res.body, { status, headers: res.headers });
  return res;
});
