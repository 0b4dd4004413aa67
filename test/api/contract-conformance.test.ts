// Answers and inputs the OpenAPI document described wrongly, each found by Schemathesis
// (npm run test:fuzz) and kept here as a plain HTTP story: the real answer, and what the document says.
import { expect } from 'chai';
import { startApp, type TestApp } from '../support/app.ts';
import { registerBusiness } from '../support/actors.ts';

interface Operation {
  parameters: { name: string; in: string; schema: Record<string, unknown> }[];
  requestBody?: { required: boolean };
  responses: Record<string, { content?: Record<string, unknown> }>;
}

describe('the document describes what the API does', () => {
  let app: TestApp;
  let operation: (method: string, path: string) => Operation;
  before(async () => {
    app = await startApp();
    const paths = (await app.http.get('/api/openapi.json')).body.paths as Record<string, Record<string, Operation>>;
    operation = (method, path) => paths[path][method];
  });
  after(() => app.close());

  it('when the public list is asked for CSV (?format=csv), then it answers text/csv and the document lists text/csv', async () => {
    const res = await app.http.get('/api/v1/public/pilots?format=csv');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/csv/);
    expect(operation('get', '/api/v1/public/pilots').responses['200'].content).to.have.keys(
      'application/json',
      'text/csv',
    );
  });

  it('when logout is sent with a bearer token and no body, then 204, and the document marks its body optional', async () => {
    const business = await registerBusiness(app);
    const res = await app.http.post('/api/v1/auth/logout').set(business.auth);
    expect(res.status).to.equal(204);
    expect((await app.http.get('/api/v1/auth/me').set(business.auth)).status).to.equal(401);
    expect(operation('post', '/api/v1/auth/logout').requestBody!.required).to.equal(false);
    expect(operation('post', '/api/v1/auth/login').requestBody!.required).to.equal(true);
  });

  it('when a page size is out of its documented bounds, then 400, and within them 200', async () => {
    const limitOf = (path: string) => operation('get', path).parameters.find((p) => p.name === 'limit')!.schema;
    expect(limitOf('/api/v1/ledger/entries')).to.include({ type: 'integer', minimum: 1, maximum: 1000 });
    expect(limitOf('/api/v1/public/pilots')).to.include({ type: 'integer', minimum: 1, maximum: 100 });
    for (const [query, status] of [
      ['limit=0', 400],
      ['limit=1', 200],
      ['limit=1000', 200],
      ['limit=1001', 400],
      ['limit=1e3', 400],
    ] as const) {
      expect((await app.http.get(`/api/v1/ledger/entries?${query}`)).status, query).to.equal(status);
    }
    for (const [query, status] of [
      ['limit=0', 400],
      ['limit=100', 200],
      ['limit=101', 400],
    ] as const) {
      expect((await app.http.get(`/api/v1/public/pilots?${query}`)).status, query).to.equal(status);
    }
  });
});
