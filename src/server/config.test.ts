import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_NHN_API_BASE_URL, loadConfig } from './config';

function problemsOf(env: Record<string, string>, readFile?: (p: string) => string): string[] {
  try {
    loadConfig(env, readFile);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('has safe defaults: loopback, 8080, local engine, 10 MB, no rate limit on loopback', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      provider: 'local',
      nhn: undefined,
      maxUploadBytes: 10 * 1024 * 1024,
      rateLimitPerMin: undefined,
      accessToken: undefined,
    });
    expect(c.providerReason).toMatch(/no NHN keys/);
  });

  it('picks NHN when both keys are set, with the documented base URL and a 30 s timeout', () => {
    const c = loadConfig({ NHN_APPKEY: 'abc', NHN_SECRET_KEY: 'sek' });
    expect(c.provider).toBe('nhn');
    expect(c.nhn).toMatchObject({
      appKey: 'abc',
      secretKey: 'sek',
      baseUrl: DEFAULT_NHN_API_BASE_URL,
      timeoutMs: 30_000,
    });
    expect(c.secrets).toContain('sek');
  });

  it('lets POSE_PROVIDER=local win over keys', () => {
    expect(loadConfig({ NHN_APPKEY: 'abc', NHN_SECRET_KEY: 'sek', POSE_PROVIDER: 'local' }).provider).toBe(
      'local',
    );
  });

  it('reads the secret from NHN_SECRET_KEY_FILE (container secrets), trimmed', () => {
    const c = loadConfig({ NHN_APPKEY: 'abc', NHN_SECRET_KEY_FILE: '/run/secrets/nhn' }, (p) =>
      p === '/run/secrets/nhn' ? 'from-file\n' : '',
    );
    expect(c.nhn?.secretKey).toBe('from-file');
  });

  it('turns rate limiting on by default off loopback, and lets 0 switch it off', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).rateLimitPerMin).toBe(120);
    expect(loadConfig({ HOST: '0.0.0.0', RATE_LIMIT_PER_MIN: '0' }).rateLimitPerMin).toBeUndefined();
    expect(loadConfig({ RATE_LIMIT_PER_MIN: '30' }).rateLimitPerMin).toBe(30);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', NHN_APPKEY: '', NHN_SECRET_KEY: ' ' }).port).toBe(8080);
  });

  it('accepts plain http only for a loopback upstream', () => {
    expect(
      loadConfig({ NHN_APPKEY: 'a', NHN_SECRET_KEY: 's', NHN_API_BASE_URL: 'http://127.0.0.1:9911/' }).nhn
        ?.baseUrl,
    ).toBe('http://127.0.0.1:9911');
    expect(problemsOf({ NHN_API_BASE_URL: 'http://example.com' })).toEqual([
      expect.stringMatching(/^NHN_API_BASE_URL: must use https/),
    ]);
  });

  it('lists every bad variable at once, by name, without echoing values', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      NHN_TIMEOUT_MS: '-5',
      POSE_PROVIDER: 'cloud',
      MAX_UPLOAD_BYTES: '12',
      ACCESS_TOKEN: 'short',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'ACCESS_TOKEN',
      'MAX_UPLOAD_BYTES',
      'NHN_TIMEOUT_MS',
      'PORT',
      'POSE_PROVIDER',
    ]);
    expect(problems.join('\n')).not.toContain('short');
    const error = (() => {
      try {
        loadConfig({ PORT: 'eighty' });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(
      /PoseScope cannot start: bad configuration\n {2}- PORT: must be a whole number/,
    );
  });

  it('refuses half a key pair, and POSE_PROVIDER=nhn without keys', () => {
    expect(problemsOf({ NHN_APPKEY: 'abc' })).toEqual([expect.stringMatching(/^NHN_SECRET_KEY: /)]);
    expect(problemsOf({ NHN_SECRET_KEY: 'x' })).toEqual([expect.stringMatching(/^NHN_APPKEY: /)]);
    expect(problemsOf({ POSE_PROVIDER: 'nhn' })).toEqual([
      expect.stringMatching(/^POSE_PROVIDER: "nhn" needs/),
    ]);
  });

  it('refuses an app key that would change the upstream path (no SSRF through config)', () => {
    expect(problemsOf({ NHN_APPKEY: '../../evil', NHN_SECRET_KEY: 's' })[0]).toMatch(/^NHN_APPKEY: /);
    expect(problemsOf({ NHN_API_BASE_URL: 'https://user:pw@host.example' })[0]).toMatch(/credentials/);
  });

  it('refuses both secret sources and an unreadable secret file', () => {
    expect(problemsOf({ NHN_APPKEY: 'a', NHN_SECRET_KEY: 's', NHN_SECRET_KEY_FILE: '/x' })[0]).toMatch(
      /not both/,
    );
    expect(
      problemsOf({ NHN_APPKEY: 'a', NHN_SECRET_KEY_FILE: '/nope' }, () => {
        throw new Error('ENOENT');
      })[0],
    ).toMatch(/cannot be read/);
  });
});

describe('who reads the secret', () => {
  it('only src/server/config.ts mentions NHN_SECRET_KEY in process.env, and the client never does', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join, relative } = await import('node:path');
    const root = join(import.meta.dirname, '..', '..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|tsx|mjs|js)$/.test(entry) && !/\.test\.tsx?$/.test(entry)) {
          const text = readFileSync(path, 'utf8');
          const rel = relative(root, path);
          if (/process\.env\.NHN_SECRET_KEY|env\[['"]NHN_SECRET_KEY/.test(text)) offenders.push(rel);
          if (rel.startsWith('src/client') && /NHN_SECRET_KEY|secretKey/.test(text)) offenders.push(rel);
        }
      }
    };
    walk(join(root, 'src'));
    expect(offenders).toEqual([]);
  });
});
