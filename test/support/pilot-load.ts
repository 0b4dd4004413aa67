// Concurrent pilot traffic for fault tests: businesses apply, regulators review, request changes and
// approve, and everyone reads, until stopped. Every answer is kept (status, time, problem type), and every
// write the server acknowledged (2xx) is noted with the version it produced, so a test can check after a
// fault that none of them was lost.
import { expect } from 'chai';
import type { Response, Test } from 'supertest';
import type { TestApp } from './app.ts';
import type { Actor } from './actors.ts';
import { expectProjectionEqualsReplay, replay } from './replay.ts';
import { aDecision, approval, as, daysFrom, type World } from './pilots.ts';

export interface Outcome {
  what: string;
  /** 0: no HTTP answer (connection refused or reset, or no answer within the client's timeout). */
  status: number;
  startedAt: number;
  endedAt: number;
  contentType?: string;
  problemType?: string;
  retryAfter?: string;
}

export interface Acknowledged {
  pilot: string;
  /** The pilot's version after the write: its entry is (pilot, version) in the ledger. */
  version: number;
  entryType: string;
  at: number;
}

export interface Load {
  outcomes: Outcome[];
  acknowledged: Acknowledged[];
  /** Every pilot the load created, with the business that owns it. */
  pilots: Map<string, Actor>;
  /** Resolves once `n` writes have been acknowledged since the call. */
  acknowledgedMore(n: number, seconds?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The client gives up after this long; the server must have answered well before (tests assert that). */
const CLIENT_TIMEOUT_MS = 60_000;
const AFTER_FAILURE_MS = 100;

type Step = {
  action: string;
  by: 'business' | 'regulator';
  entryType: string;
  body: (app: TestApp) => Record<string, unknown>;
};

/** One application's way through review to approval, with a round of changes on the way. */
const STORY: Step[] = [
  { action: 'submit', by: 'business', entryType: 'pilot.submitted', body: () => ({}) },
  { action: 'start_review', by: 'regulator', entryType: 'pilot.review_started', body: () => ({}) },
  {
    action: 'request_changes',
    by: 'regulator',
    entryType: 'pilot.changes_requested',
    body: (app) => ({ reason: 'Clarify the exit plan.', deadline: daysFrom(app, 10) }),
  },
  { action: 'submit', by: 'business', entryType: 'pilot.submitted', body: () => ({}) },
  { action: 'start_review', by: 'regulator', entryType: 'pilot.review_started', body: () => ({}) },
  {
    action: 'approve',
    by: 'regulator',
    entryType: 'pilot.approved',
    body: (app) => ({ ...approval(app, 0, 300), decision: aDecision(app) }),
  },
];

export function startLoad(world: World, workers = 4): Load {
  const { app } = world;
  const outcomes: Outcome[] = [];
  const acknowledged: Acknowledged[] = [];
  const pilots = new Map<string, Actor>();
  let stopped = false;
  const watchers: { target: number; resolve: () => void }[] = [];

  const call = async (what: string, send: () => Test): Promise<Response | undefined> => {
    const startedAt = Date.now();
    try {
      const res = await send().timeout(CLIENT_TIMEOUT_MS);
      const body = res.body as { type?: unknown };
      outcomes.push({
        what,
        status: res.status,
        startedAt,
        endedAt: Date.now(),
        contentType: res.headers['content-type'],
        problemType: typeof body?.type === 'string' ? body.type : undefined,
        retryAfter: res.headers['retry-after'],
      });
      return res;
    } catch {
      outcomes.push({ what, status: 0, startedAt, endedAt: Date.now() });
      return undefined;
    }
  };
  const ack = (pilot: string, version: number, entryType: string) => {
    acknowledged.push({ pilot, version, entryType, at: Date.now() });
    for (const w of watchers.filter((w) => acknowledged.length >= w.target)) {
      watchers.splice(watchers.indexOf(w), 1);
      w.resolve();
    }
  };
  const ok = (res: Response | undefined): res is Response => res !== undefined && res.status >= 200 && res.status < 300;
  const pause = () => new Promise((r) => setTimeout(r, AFTER_FAILURE_MS));

  const worker = async (n: number) => {
    const owner = n % 2 === 0 ? world.business : world.otherBusiness;
    const business = as(app, owner);
    const regulator = as(app, world.regulator);
    while (!stopped) {
      const created = await call('create', () => business.createPilot(world));
      if (!ok(created)) {
        await pause();
        continue;
      }
      const id = String(created.body.id);
      let version = Number(created.body.version);
      pilots.set(id, owner);
      ack(id, version, 'pilot.created');
      for (const step of STORY) {
        if (stopped) break;
        await call('read pilot', () => business.get(id));
        await call('public list', () => app.http.get('/api/v1/public/pilots?limit=5'));
        const who = step.by === 'business' ? business : regulator;
        const res = await call(step.action, () => who.act(id, step.action, step.body(app), version));
        // A failed step ends this application (its next version may be taken by an append the outage cut
        // short, which the reconciler finishes); the worker starts a new one.
        if (!ok(res)) {
          await pause();
          break;
        }
        version = Number(res.body.version);
        ack(id, version, step.entryType);
      }
    }
  };
  const running = Promise.all(Array.from({ length: workers }, (_, n) => worker(n)));

  return {
    outcomes,
    acknowledged,
    pilots,
    acknowledgedMore(n, seconds = 60) {
      const target = acknowledged.length + n;
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`fewer than ${n} writes acknowledged within ${seconds} s`)),
          seconds * 1000,
        );
        watchers.push({
          target,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    async stop() {
      stopped = true;
      await running;
    },
  };
}

/**
 * No acknowledged write is lost: each one's entry is in the ledger at the version it was acknowledged
 * with, as the public ledger API serves it, and every pilot's projection — and what its API answers —
 * equals a replay of its entries.
 */
export async function expectEveryAcknowledgedWriteKept(app: TestApp, load: Load) {
  const { LedgerEntry } = app.ctx.models;
  const publicEntries = await publicLedger(app);
  for (const a of load.acknowledged) {
    const stored = await LedgerEntry.findOne({ subject: `pilot:${a.pilot}`, subjectVersion: a.version })
      .select({ seq: 1, type: 1, canonical: 1 })
      .lean();
    expect(stored, `acknowledged ${a.entryType} of pilot ${a.pilot} at version ${a.version}`).to.not.equal(null);
    expect(stored!.type).to.equal(a.entryType);
    expect(publicEntries.get(stored!.seq), `entry ${stored!.seq} in the public ledger`).to.equal(stored!.canonical);
  }
  for (const [id, owner] of load.pilots) {
    await expectProjectionEqualsReplay(app, id);
    const replayed = await replay(app, id);
    const latest = Math.max(...load.acknowledged.filter((a) => a.pilot === id).map((a) => a.version));
    expect(replayed.version, `pilot ${id} kept its acknowledged versions`).to.be.at.least(latest);
    const res = await as(app, owner).get(id);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect({ version: res.body.version, state: res.body.state }, `pilot ${id} as its API answers`).to.deep.equal({
      version: replayed.version,
      state: replayed.record!.state,
    });
  }
}

/** The canonical text of every entry as the public ledger API serves it, by seq. */
async function publicLedger(app: TestApp): Promise<Map<number, string>> {
  const entries = new Map<number, string>();
  for (let start: number | null = 0; start !== null;) {
    const page = await app.http.get(`/api/v1/ledger/entries?start=${start}&limit=1000`);
    expect(page.status).to.equal(200);
    for (const item of page.body.entries as { seq: number; canonical: string }[]) entries.set(item.seq, item.canonical);
    start = page.body.next;
  }
  return entries;
}
