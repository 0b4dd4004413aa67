// The load generator in a thread of its own (worker_threads), so that the servers measured (the app, a
// minimal Express app, a bare node:http server, all in the main thread) do not share their event loop
// with the client that loads them. Runs `runLoad` over keep-alive HTTP GETs of `urls` in turn.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { runLoad } from './load.ts';

export interface LoadJob {
  urls: string[];
  concurrency: number;
  seconds: number;
}

const job = workerData as LoadJob;
const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });

function get(u: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(u, { agent }, (res) => {
        res.on('data', () => undefined);
        res.on('error', reject);
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`GET ${u} answered ${res.statusCode}`)),
        );
      })
      .on('error', reject);
  });
}

const result = await runLoad((i) => get(job.urls[i % job.urls.length]), job);
agent.destroy();
parentPort!.postMessage(result);
