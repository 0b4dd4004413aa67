// A real browser for the site's tests: Debian's Chromium driven by playwright-core. On a machine without
// it, `npm test` installs it (Debian package `chromium`, as root); only where that is impossible do the
// browser tests skip, with a message no one can miss.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  (p): p is string => Boolean(p),
);

const found = () => CANDIDATES.find((p) => existsSync(p));

function aptInstall(): string[] {
  const notes: string[] = [];
  if (process.platform !== 'linux' || typeof process.getuid !== 'function' || process.getuid() !== 0) {
    return ['not root on Linux: cannot install Debian packages'];
  }
  const apt = (args: string[]) =>
    spawnSync('apt-get', args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      encoding: 'utf8',
      timeout: 15 * 60_000,
    });
  let res = apt(['install', '-y', '--no-install-recommends', 'chromium']);
  if (res.status !== 0) {
    notes.push(
      `apt-get install failed (${res.error?.message ?? res.stderr?.trim().split('\n').at(-1) ?? res.status}); updating the package lists`,
    );
    apt(['update']);
    res = apt(['install', '-y', '--no-install-recommends', 'chromium']);
    if (res.status !== 0)
      notes.push(`apt-get install failed again: ${res.error?.message ?? res.stderr?.trim().split('\n').at(-1)}`);
  }
  return notes;
}

/** The Chromium executable, installing it if needed; or why there is none. */
export function ensureChromium(): { path: string } | { missing: string } {
  let exe = found();
  if (exe) return { path: exe };
  console.log('    [browser] Chromium is not installed; installing Debian package chromium (this takes a minute)…');
  const notes = aptInstall();
  exe = found();
  if (exe) {
    console.log(`    [browser] ${execFileSync(exe, ['--version'], { encoding: 'utf8' }).trim()}`);
    return { path: exe };
  }
  return { missing: notes.join('; ') || 'no chromium binary after installing' };
}

/** Loud enough to notice in a passing run. */
export function warnSkipped(reason: string) {
  const line = '!'.repeat(100);
  console.warn(
    `\n${line}\n!! BROWSER TESTS SKIPPED: Chromium is not available (${reason}).\n!! Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH to run them.\n${line}\n`,
  );
}

/** Headless Chromium with the flags this machine's closed network needs (Playwright gives each launch a fresh profile). */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
