// The ledger pages' Verify buttons, in the reader's browser: DOM wiring only. The checks are the shared
// verifier's (server/ledger/verifier-steps.ts, the functions `npm run verify` is made of), bundled with
// the browser's crypto into /assets/verifier.js by scripts/build-assets.ts. They trust nothing the page
// says: they fetch the public ledger API (DESIGN §3). The buttons are hidden until this script runs, so
// a reader without JavaScript is not offered them.
import { ledgerBase, type Api } from '../../ledger/verifier-api.ts';
import { StepFailure, verifyEntry, verifyLog, type StepPassed } from '../../ledger/verifier-steps.ts';

const api: Api = {
  // A method call on `api` would hand fetch the wrong `this`.
  fetch: (url, init) => fetch(url, init),
  base: ledgerBase(location.origin),
  timeoutMs: 60_000,
};

/** Marks a step in the report: passed or failed, with what was found. */
function mark(report: Element, step: string, ok: boolean, detail: string): void {
  const item = report.querySelector(`[data-step="${step}"]`);
  if (item === null) return;
  item.className = ok ? 'ok' : 'fail';
  const symbol = item.querySelector('.mark');
  const text = item.querySelector('.detail');
  if (symbol !== null) symbol.textContent = ok ? '✓' : '✗';
  if (text !== null) text.textContent = detail ? `(${detail})` : '';
}

function reset(report: Element, verdict: HTMLElement): void {
  for (const item of report.querySelectorAll('[data-step]')) {
    item.className = '';
    const symbol = item.querySelector('.mark');
    const text = item.querySelector('.detail');
    if (symbol !== null) symbol.textContent = '…';
    if (text !== null) text.textContent = '';
  }
  verdict.className = 'verdict';
  verdict.textContent = '';
}

/** Shows the button and runs `check` on each click, filling in the report next to it. */
function attach(button: HTMLButtonElement, check: (passed: StepPassed) => Promise<'ok' | 'pending'>): void {
  const report = button.parentElement?.querySelector<HTMLElement>('[data-verify-report]') ?? null;
  const verdict = report?.querySelector<HTMLElement>('[data-verify-verdict]') ?? null;
  if (report === null || verdict === null) return;
  button.hidden = false;
  button.addEventListener('click', () => {
    button.disabled = true;
    report.hidden = false;
    reset(report, verdict);
    check((step, detail) => mark(report, step, true, detail))
      .then((outcome) => {
        verdict.className = outcome === 'ok' ? 'verdict ok' : 'verdict';
        verdict.textContent = (outcome === 'ok' ? verdict.dataset.ok : verdict.dataset.pending) ?? '';
      })
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof StepFailure) mark(report, error.step, false, message);
        verdict.className = 'verdict fail';
        verdict.textContent = `${verdict.dataset.fail ?? ''}: ${message}`;
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-verify-entry]')) {
  const seq = Number(button.dataset.verifyEntry);
  attach(button, (passed) => verifyEntry(api, seq, passed));
}
for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-verify-log]')) {
  attach(button, (passed) => verifyLog(api, passed));
}
