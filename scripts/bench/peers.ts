// The peers a public read is measured against, in the same run: a minimal Express 5 app and a bare
// node:http server, each answering every URL with the bytes (and content type) the registry answered it
// with, from memory.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

export interface Recorded {
  contentType: string;
  body: Buffer;
}

export interface Peer {
  url: string;
  close: () => Promise<void>;
}

async function listen(server: http.Server): Promise<Peer> {
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Express 5 with its defaults (its ETag included) and one handler: the recorded answer for the URL. */
export function expressPeer(answers: ReadonlyMap<string, Recorded>): Promise<Peer> {
  const app = express();
  app.use((req, res) => {
    const a = answers.get(req.originalUrl);
    if (!a) return void res.status(404).end();
    res.type(a.contentType).send(a.body);
  });
  return listen(http.createServer(app));
}

/** node:http and nothing else. */
export function barePeer(answers: ReadonlyMap<string, Recorded>): Promise<Peer> {
  return listen(
    http.createServer((req, res) => {
      const a = answers.get(req.url ?? '');
      if (!a) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': a.contentType, 'Content-Length': a.body.length }).end(a.body);
    }),
  );
}
