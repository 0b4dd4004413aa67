// A real browser for the site's tests: Debian's Chromium driven by playwright-core. Tests never install
// it (`.ci/run` does, as root): without it the browser suites skip, and the reader is told once how to get
// them.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_OPTIONS = JSON.stringify({
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
});

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's WCAG 2.1 AA and best-practice rules on the page as it is: how many passed, and what failed. */
export async function runAxe(page: Page): Promise<{ passes: number; violations: AxeViolation[] }> {
  await page.evaluate(axeSource);
  // A string, so that the browser's globals need no DOM types here.
  return page.evaluate<{ passes: number; violations: AxeViolation[] }>(
    `axe.run(document, ${AXE_OPTIONS}).then((r) => ({ passes: r.passes.length, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) })) }))`,
  );
}

/** The Chromium executable: CHROMIUM_PATH when set (and then only it), else Debian's or Ubuntu's; or why there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): { path: string } | { missing: string } {
  if (env.CHROMIUM_PATH) {
    return existsSync(env.CHROMIUM_PATH)
      ? { path: env.CHROMIUM_PATH }
      : { missing: `CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist` };
  }
  const exe = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  return exe ? { path: exe } : { missing: 'no /usr/bin/chromium' };
}

/** How to get the browser suites: the one message, shared by the test runner and the suites themselves. */
export function browserSkippedMessage(reason: string): string {
  const line = '!'.repeat(100);
  return [
    line,
    `!! BROWSER TESTS SKIPPED: Chromium is not available (${reason}).`,
    "!! To run them, install Debian's chromium (as root: apt-get install -y chromium; `bash .ci/run` does it),",
    '!! or point CHROMIUM_PATH at a Chromium or Chrome binary; then `npm run test:browser`.',
    line,
  ].join('\n');
}

let warned = false;

/** Loud enough to notice in a passing run, and said once per run however many suites skip. */
export function warnSkipped(reason: string) {
  if (warned) return;
  warned = true;
  console.warn(`\n${browserSkippedMessage(reason)}\n`);
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
