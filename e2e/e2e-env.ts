import { existsSync } from 'node:fs';

// Ports, keys and paths shared by playwright.config.ts, the specs and scripts/bench-ui.ts.
// Everything listens on loopback only; the secret is fake and distinctive so a scan can find it.

// E2E_PORT_OFFSET moves all three (two checkouts running their e2e suites side by side).
const OFFSET = Number(process.env.E2E_PORT_OFFSET ?? 0) || 0;
export const FAKE_UPSTREAM_PORT = 19911 + OFFSET;
export const NHN_APP_PORT = 19081 + OFFSET;
export const LOCAL_APP_PORT = 19082 + OFFSET;

export const E2E_APPKEY = 'e2e-appkey';
/** Never sent to a browser by a correct server: every e2e test scans its traffic for it. */
export const E2E_SECRET = 'e2e-SECRET-do-not-leak-4f9c2a';

export const FAKE_UPSTREAM_URL = `http://127.0.0.1:${FAKE_UPSTREAM_PORT}`;
export const NHN_APP_URL = `http://127.0.0.1:${NHN_APP_PORT}`;
export const LOCAL_APP_URL = `http://127.0.0.1:${LOCAL_APP_PORT}`;

/** Upstream timeout of the NHN-mode server (ms): small so the timeout story runs quickly. */
export const E2E_NHN_TIMEOUT_MS = 3000;

/** Debian's chromium (or one named by env); Playwright's own browser download is not used here. */
export function chromiumExecutable(): string | undefined {
  const candidates = [process.env.PLAYWRIGHT_CHROMIUM_PATH, process.env.CHROMIUM_PATH, '/usr/bin/chromium'];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
}

/** Headless chromium flags: no sandbox (root in CI), no GPU, no network chatter of its own. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
