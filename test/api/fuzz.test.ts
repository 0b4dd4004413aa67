// `npm run test:fuzz` on a small budget, as CI runs it: Schemathesis against the live registry as every
// kind of caller, holding each answer to the OpenAPI document. The full budget is `npm run test:fuzz`.
// Without Python or PyPI it cannot run here: the test then says so loudly and is skipped, never passed.
import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { testServerUri } from '../support/app.ts';
import { childEnv, repoRoot } from '../support/process.ts';

// Fuzzing phase only, three examples per operation and caller: about a thousand requests, two minutes
// on a 2-core machine including a first install of Schemathesis.
const CI_BUDGET = { FUZZ_PHASES: 'fuzzing', FUZZ_MAX_EXAMPLES: '3', FUZZ_QUIET: '1' };
const UNAVAILABLE = 3;

function runFuzz(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/fuzz.ts'], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run test:fuzz (a small budget)', () => {
  it('when Schemathesis fuzzes every route as each caller, then requests were sent and none failed', async function () {
    this.timeout(600_000);
    // The fuzz server gets a database of its own on the test run's server (MONGODB_URI), dropped after.
    const { code, output } = await runFuzz(childEnv({ ...CI_BUDGET, MONGODB_URI: testServerUri() }));
    if (code === UNAVAILABLE) {
      console.warn(
        `\n  !!! FUZZING SKIPPED: Schemathesis could not be installed here.\n  !!! ${output.trim().split('\n').join('\n  !!! ')}\n`,
      );
      this.skip();
    }
    const result = /FUZZ RESULT: (\d+) requests sent, (\d+) failed/.exec(output);
    expect(result, output.slice(-8000)).not.to.equal(null);
    expect(code, output.slice(-8000)).to.equal(0);
    expect(Number(result![1])).to.be.greaterThan(0);
    expect(Number(result![2])).to.equal(0);
    console.log(`      ${output.slice(output.indexOf('Fuzz summary')).trim().split('\n').join('\n      ')}`);
  });
});
