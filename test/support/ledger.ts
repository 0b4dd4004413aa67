// Ledger helpers for stories: create many agencies (each one ledger entry), run the public verifier.
import { spawn } from 'node:child_process';
import { expect } from 'chai';
import type { TestApp } from './app.ts';
import type { Actor } from './actors.ts';
import { repoRoot } from './process.ts';

export async function registerAgencies(app: TestApp, admin: Actor, codes: string[], concurrency: number) {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < codes.length) {
        const code = codes[next++];
        const res = await app.http
          .post('/api/v1/admin/agencies')
          .set(admin.auth)
          .send({ code, name: `Agency ${code}` });
        statuses.push(res.status);
      }
    }),
  );
  return statuses;
}

export interface VerifyRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runVerifier(url: string, args: string[] = []): Promise<VerifyRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/verify.ts', url, ...args], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function expectVerifies(url: string, args: string[] = []) {
  const run = await runVerifier(url, args);
  expect(run.code, `${run.stdout}\n${run.stderr}`).to.equal(0);
  return run;
}

/** Every entry of the log through the public API, parsed, in seq order. */
export async function readLedger(
  app: TestApp,
): Promise<{ seq: number; type: string; subject: string; data: Record<string, unknown> }[]> {
  const out = [];
  for (let start: number | null = 0; start !== null;) {
    const page = await app.http.get(`/api/v1/ledger/entries?start=${start}&limit=1000`);
    expect(page.status).to.equal(200);
    for (const item of page.body.entries as { canonical: string }[]) out.push(JSON.parse(item.canonical));
    start = page.body.next;
  }
  return out;
}

/** The size the latest signed checkpoint covers. */
export async function checkpointSize(app: TestApp): Promise<number> {
  const note = (await app.http.get('/api/v1/ledger/checkpoint')).text;
  return Number(note.split('\n')[1]);
}
