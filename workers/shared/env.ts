/**
 * Configuration, validated once with zod and passed down. Every Worker and the CLI read settings through here;
 * nothing else touches process.env or the raw Worker env.
 */
import { z } from 'zod';

const csv = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

export const envSchema = z
  .object({
    ENVIRONMENT: z.enum(['development', 'test', 'staging', 'production']).default('development'),
    DATABASE_URL: z.string().min(1, 'DATABASE_URL is required'),
    NEON_FETCH_ENDPOINT: z.string().url().optional(),
    UPSTASH_REDIS_REST_URL: z.string().url().optional(),
    UPSTASH_REDIS_REST_TOKEN: z.string().optional(),
    ADMIN_API_KEY: z.string().default(''),
    CORS_ORIGINS: csv,
    API_VERSION: z.string().default('v1'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    RATE_LIMIT_REQUESTS: z.coerce.number().int().positive().default(100),
    RATE_LIMIT_WINDOW: z.coerce.number().int().positive().default(60),
    /** Seconds public API GETs stay in the edge cache (s-maxage); 0 turns the edge cache off. */
    API_CACHE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
    PUBLIC_API_URL: z.string().default('http://127.0.0.1:8787'),
    PUBLIC_SITE_URL: z.string().default('http://127.0.0.1:8788'),
  })
  .passthrough();

export type AppEnv = z.infer<typeof envSchema>;

/** Settings problems that make a production deployment unsafe; empty when the settings are fine. */
export function productionProblems(env: AppEnv): string[] {
  const problems: string[] = [];
  if (env.ENVIRONMENT !== 'production') return problems;
  if (env.ADMIN_API_KEY.length < 32) problems.push('ADMIN_API_KEY must be set and at least 32 characters long in production');
  if (env.CORS_ORIGINS.length === 0 || env.CORS_ORIGINS.includes('*')) problems.push('CORS_ORIGINS must list exact origins (not * or empty) in production');
  return problems;
}

export function parseEnv(raw: Record<string, unknown>): AppEnv {
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${fields}`);
  }
  return parsed.data;
}
