// SIGTERM while requests are in flight (issue 6, faults): the process stops accepting connections, lets
// the requests it has begun finish with their normal answers, and exits 0.
import http from 'node:http';
import { expect } from 'chai';
import { testServerUri } from '../support/app.ts';
import { anApplication, as, expectOk, sandboxWorld } from '../support/pilots.ts';
import { deploy, type Deployment } from '../support/registry-process.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** index.ts gives in-flight requests 10 s before it gives up and exits 1. */
const EXIT_WITHIN_MS = 10_000;
/**
 * Once the last request in flight is answered the process has nothing left to wait for. Below Node's
 * keep-alive timeout (5 s): a server that let finished keep-alive connections idle out would miss it.
 */
const EXIT_AFTER_LAST_ANSWER_MS = 4_000;

interface SlowRequest {
  /** Sends the rest of the body; resolves with the answer. */
  finish(): Promise<{ status: number; body: Record<string, unknown> }>;
}

/** Starts a JSON request and sends only the first half of its body: the server has begun it and waits. */
async function startSlowly(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: unknown,
  agent: http.Agent,
): Promise<SlowRequest> {
  const bytes = Buffer.from(JSON.stringify(body));
  const req = http.request(url, {
    method,
    agent,
    headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(bytes.length) },
  });
  const answer = new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) as Record<string, unknown> }));
    });
  });
  const half = Math.floor(bytes.length / 2);
  req.write(bytes.subarray(0, half));
  await new Promise((r) => req.once('socket', r));
  return {
    finish() {
      req.end(bytes.subarray(half));
      return answer;
    },
  };
}

/**
 * Tries new connections until one is refused. The log line can reach us a moment before the listener is
 * closed, and a connection caught in that moment is reset unanswered; none may be answered.
 */
async function newConnectionsAfterSigterm(url: string): Promise<string> {
  let outcome = '';
  for (const until = Date.now() + 5000; Date.now() < until && outcome !== 'ECONNREFUSED'; await sleep(50)) {
    outcome = await fetch(url).then(
      (res) => `answered ${res.status}`,
      (err: Error & { cause?: { code?: string } }) => err.cause?.code ?? err.message,
    );
    expect(outcome, 'a new connection after SIGTERM').to.be.oneOf(['ECONNREFUSED', 'ECONNRESET']);
  }
  return outcome;
}

describe('when the app is asked to stop (SIGTERM) with requests in flight', function () {
  let deployment: Deployment | undefined;

  before(async () => {
    deployment = await deploy(testServerUri());
  });
  after(async function () {
    if (this.currentTest?.state === 'failed' || this.test?.parent?.tests.some((t) => t.state === 'failed'))
      console.log(deployment?.report());
    await deployment?.close();
  });

  it('then it refuses new connections, finishes the requests in flight with their normal answers, and exits 0', async () => {
    const registry = await deployment!.start();
    const { url } = registry;
    const world = await sandboxWorld(registry.app);
    const draft = expectOk(await as(registry.app, world.business).createPilot(world), 201).id;
    const auth = world.business.auth;
    // One client keeps an idle keep-alive connection open: it must not hold the shutdown up.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const idle = await new Promise<number>((resolve) =>
      http.get(`${url}/healthz`, { agent }, (res) => res.resume().on('end', () => resolve(res.statusCode!))),
    );
    expect(idle).to.equal(200);

    // Two writes in flight: a new application and a submission, each with half its body sent.
    const creating = await startSlowly(
      `${url}/api/v1/pilots`,
      'POST',
      auth,
      { programmeId: world.programme.id, ...anApplication(registry.app) },
      agent,
    );
    const submitting = await startSlowly(
      `${url}/api/v1/pilots/${draft}/actions/submit`,
      'POST',
      { ...auth, 'If-Match': '"1"' },
      {},
      agent,
    );
    await sleep(300);

    const signalledAt = Date.now();
    registry.child.kill('SIGTERM');
    await registry.logged('shutting down');
    expect(await newConnectionsAfterSigterm(`${url}/healthz`)).to.equal('ECONNREFUSED');
    await sleep(500); // the requests in flight are still being sent, slowly

    const created = await creating.finish();
    const submitted = await submitting.finish();
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(submitted.status, JSON.stringify(submitted.body)).to.equal(200);
    expect(submitted.body).to.include({ state: 'submitted', version: 2 });
    const answeredAt = Date.now();

    const exit = await Promise.race([registry.exited, sleep(EXIT_WITHIN_MS).then(() => 'still running')]);
    expect(exit, registry.tail()).to.deep.equal({ code: 0, signal: null });
    expect(Date.now() - signalledAt).to.be.below(EXIT_WITHIN_MS);
    expect(Date.now() - answeredAt, 'exit after the last answer').to.be.below(EXIT_AFTER_LAST_ANSWER_MS);
    expect(registry.hasLogged('stopped')).to.equal(true);
    agent.destroy();

    // What it acknowledged is stored.
    const { Pilot } = deployment!.control.ctx.models;
    expect((await Pilot.findById(created.body.id).lean())?.version).to.equal(1);
    expect((await Pilot.findById(draft).lean())?.record.state).to.equal('submitted');
  });
});
