import { describe, expect, it } from 'vitest';
import { envFileText, stackSettings } from './stack';

const secrets = { adminApiKey: 'a'.repeat(43), upstashToken: 'tok' };

describe('stackSettings', () => {
  it('documents the defaults: PGlite behind the endpoint on 4444, Workers on 8787/8788/8789', () => {
    const s = stackSettings({}, secrets);
    expect(s.ports).toEqual({ api: 8787, site: 8788, cron: 8789, neon: 4444, upstash: 8079 });
    expect(s.database).toEqual({ mode: 'pglite', url: 'postgresql://transferlens@localhost/transferlens' });
    expect(s.neonFetchEndpoint).toBe('http://127.0.0.1:4444/sql');
    expect(s.vars.api).toMatchObject({
      ADMIN_API_KEY: secrets.adminApiKey,
      CORS_ORIGINS: 'http://127.0.0.1:8788,http://localhost:8788',
      ENVIRONMENT: 'development',
      API_VERSION: 'v1',
      LOG_LEVEL: 'info',
      RATE_LIMIT_REQUESTS: '100',
      RATE_LIMIT_WINDOW: '60',
      PUBLIC_API_URL: 'http://127.0.0.1:8787',
      PUBLIC_SITE_URL: 'http://127.0.0.1:8788',
      DATABASE_URL: 'postgresql://transferlens@localhost/transferlens',
      NEON_FETCH_ENDPOINT: 'http://127.0.0.1:4444/sql',
    });
    expect(s.vars.api.UPSTASH_REDIS_REST_URL).toBeUndefined();
  });

  it('hands npm start\'s own settings to the Workers, secrets only to those that need them', () => {
    const s = stackSettings(
      { API_PORT: '9001', SITE_PORT: '9002', ENVIRONMENT: 'production', ADMIN_API_KEY: 'k'.repeat(40), CORS_ORIGINS: 'https://x.example', RATE_LIMIT_REQUESTS: '5', PUBLIC_FOO: 'bar', API_CACHE_SECONDS: '0', REDIS_URL: 'redis://127.0.0.1:6379' },
      secrets,
    );
    expect(s.vars.api).toMatchObject({ ENVIRONMENT: 'production', ADMIN_API_KEY: 'k'.repeat(40), CORS_ORIGINS: 'https://x.example', RATE_LIMIT_REQUESTS: '5', PUBLIC_FOO: 'bar', API_CACHE_SECONDS: '0' });
    expect(s.vars.api).toMatchObject({ UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:8079', UPSTASH_REDIS_REST_TOKEN: 'tok' });
    expect(s.vars.site).toEqual({ ENVIRONMENT: 'production', LOG_LEVEL: 'info', PUBLIC_FOO: 'bar', PUBLIC_API_URL: 'http://127.0.0.1:9001', PUBLIC_SITE_URL: 'http://127.0.0.1:9002' });
    expect(s.vars.cron.ADMIN_API_KEY).toBeUndefined();
    expect(s.vars.cron.DATABASE_URL).toBe('postgresql://transferlens@localhost/transferlens');
  });

  it('fronts a local PostgreSQL with the endpoint, and lets the Workers talk to Neon directly', () => {
    const local = stackSettings({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/tl' }, secrets);
    expect(local.database.mode).toBe('pg');
    expect(local.vars.api.NEON_FETCH_ENDPOINT).toBe('http://127.0.0.1:4444/sql');
    const neon = stackSettings({ DATABASE_URL: 'postgresql://u:p@ep-x-pooler.eu-central-1.aws.neon.tech/neondb?sslmode=require' }, secrets);
    expect(neon.database.mode).toBe('remote');
    expect(neon.vars.api.NEON_FETCH_ENDPOINT).toBeUndefined();
  });

  it('refuses bad or clashing ports', () => {
    expect(() => stackSettings({ API_PORT: 'http' }, secrets)).toThrow('API_PORT must be a port number (1-65535), got "http"');
    expect(() => stackSettings({ SITE_PORT: '8787' }, secrets)).toThrow('api and site would both use port 8787: choose different ports');
  });
});

describe('envFileText', () => {
  it('writes literal single-quoted values and refuses what dotenv cannot carry', () => {
    expect(envFileText({ A: 'x y', B: 'postgresql://u:p@h/db?x=1' })).toBe("A='x y'\nB='postgresql://u:p@h/db?x=1'\n");
    expect(() => envFileText({ A: "it's" })).toThrow('A must not contain a single quote or a line break');
    expect(() => envFileText({ A: 'a\nb' })).toThrow(/line break/);
  });
});
