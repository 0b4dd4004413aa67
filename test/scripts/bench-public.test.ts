// `npm run bench:public` at a tiny size (`npm run bench:ci`, which .ci/run runs after `npm test`): every
// scenario runs on the app and on both peers (a minimal Express app, a bare node:http server) without an
// error, the index returns the items the database query of the pilots does, and
// the synthetic pilots pass the shape check against the pilots the API made (the script exits non-zero
// when they do not). Figures are not checked here.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { ScenarioResult } from '../../scripts/bench-public.ts';
import { childEnv, repoRoot } from '../support/process.ts';
import { testServerUri } from '../support/app.ts';

function benchPublic(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-public.ts', ...args], {
      cwd: repoRoot,
      // On the test run's database server: the bench makes and drops a database of its own there. Each
      // statistics request reads every pilot seven times on FerretDB: five at once took over the default
      // 30 s socket timeout (a 503) on a busy 2-core machine. Slowness is for the figures to show, not an error.
      env: childEnv({ MONGODB_URI: testServerUri(), DB_SOCKET_TIMEOUT_MS: '600000' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench:public', function () {
  this.timeout(600_000);

  it('when run at a tiny size, then every scenario answers without errors on the app and both peers, and the index returns what the database query does', async () => {
    const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-public-')), 'results.json');
    const docsBefore = fs.readFileSync(path.join(repoRoot, 'docs', 'BENCHMARKS.md'), 'utf8');
    const run = await benchPublic([
      '--pilots',
      '100',
      '--duration',
      '1',
      '--concurrency',
      '5',
      '--pages',
      '2',
      '--json',
      json,
    ]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.match(/synthetic pilots have the API's shape/);

    const results = JSON.parse(fs.readFileSync(json, 'utf8')) as { pilots: number; scenarios: ScenarioResult[] };
    expect(results.scenarios.map((s) => s.name)).to.deep.equal([
      'list',
      'filter',
      'search',
      'deep page',
      'pilot page',
      'stats',
    ]);
    for (const s of results.scenarios) {
      expect(
        s.sameItems ?? true,
        `${s.name}: ${run.stderr
          .split('\n')
          .filter((l) => l.includes('DIFFER'))
          .join('\n')}`,
      ).to.equal(true);
      expect(s.itemCount, s.name).to.be.greaterThan(0);
      for (const side of [s.app, s.express, s.bare]) {
        expect(side.errors, `${s.name}: ${side.firstError}`).to.equal(0);
        expect(side.requests, s.name).to.be.at.least(5);
        expect(side.p99, s.name).to.be.at.least(side.p50);
      }
    }
    // The list pages are full: 100 pilots give more than three pages, and the search finds the city.
    expect(results.scenarios.find((s) => s.name === 'deep page')!.itemCount).to.equal(20);
    expect(results.scenarios.find((s) => s.name === 'search')!.itemCount).to.be.greaterThan(0);
    expect(run.stdout).to.match(/^### Results \(`npx tsx scripts\/bench-public.ts/m);
    expect(run.stdout).to.match(/\| search: q=ho chi minh/);
    // Without --write-docs the results are printed, not written.
    expect(fs.readFileSync(path.join(repoRoot, 'docs', 'BENCHMARKS.md'), 'utf8')).to.equal(docsBefore);
  });
});
