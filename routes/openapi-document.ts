// The OpenAPI 3.1 document, generated from the route table: the zod schemas that validate a request are
// the ones that describe it (JSON Schema 2020-12, the input side of transforms and pipes), the permission
// map says who may call, and the error responses follow from what the pipeline can refuse.
import { z } from 'zod';
import { PERMISSIONS } from '../server/access/permissions.ts';
import { problems } from '../server/errors.ts';
import type { RouteEntry } from '../middleware/route-table.ts';
import { templateOf } from '../middleware/route-table.ts';

type JsonSchema = Record<string, unknown>;

export interface DocumentInfo {
  title: string;
  version: string;
  description: string;
}

const PROBLEM = { $ref: '#/components/schemas/Problem' };

const problemSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', description: 'Stable problem type, e.g. /problems/validation-error' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      description: 'For validation failures: each field and why it was refused',
      items: {
        type: 'object',
        required: ['field', 'reason'],
        properties: { field: { type: 'string' }, reason: { type: 'string' } },
      },
    },
    requestId: { type: 'string', description: 'The X-Request-Id of the request, to find it in the logs' },
  },
};

/** Requests are described by what the client sends (`input`: before transforms), answers by what it gets. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } },
};

function problemResponse(description: string, headers: Record<string, unknown> = {}) {
  return {
    description,
    headers: { 'X-Request-Id': { $ref: '#/components/headers/RequestId' }, ...headers },
    content: { 'application/problem+json': { schema: PROBLEM } },
  };
}

/** Splits an object schema into OpenAPI parameters of one location. */
function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchemaOf(schema);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function pathParametersOf(route: RouteEntry) {
  const declared = parametersOf(route.documents?.params ?? route.params, 'path');
  // A path parameter the schemas do not describe is still a parameter.
  const names = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
  const missing = names
    .filter((n) => !declared.some((p) => p.name === n))
    .map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  return [...declared.filter((p) => names.includes(p.name)), ...missing];
}

function errorResponses(route: RouteEntry) {
  const hasBody = route.method !== 'get' && route.method !== 'delete';
  const validates = Boolean(route.params || route.query || route.body || route.documents || hasBody);
  const errors: Record<string, ReturnType<typeof problemResponse>> = {};
  if (validates)
    errors['400'] = problemResponse('The request is malformed or fails validation (`errors` lists the fields)');
  const challenge = { 'WWW-Authenticate': { description: 'Bearer challenge (RFC 6750)', schema: { type: 'string' } } };
  errors['401'] = problemResponse(
    route.permission
      ? 'No access token, or an invalid or expired one'
      : 'An access token was sent and is invalid or expired',
    challenge,
  );
  if (route.permission) errors['403'] = problemResponse("The caller's role may not do this");
  if (route.path.includes(':') || route.method === 'get')
    errors['404'] = problemResponse("Not found, or outside the caller's scope (existence does not leak)");
  const refuses = new Set(route.refuses ?? []);
  if (route.ifMatch || route.reply?.status === 201 || refuses.has(409)) {
    errors['409'] = problemResponse(
      'Conflicts with the current state of the record (an action not allowed now, a duplicate)',
    );
  }
  if (route.ifMatch) errors['412'] = problemResponse('If-Match names a stale version');
  if (hasBody) {
    errors['413'] = problemResponse('The body is larger than the server accepts');
    errors['415'] = problemResponse('The body is not application/json');
  }
  for (const status of refuses) {
    const kind = Object.values(problems).find((p) => p.status === status);
    errors[String(status)] ??= problemResponse(kind ? kind.title : 'Refused');
  }
  if (route.rateLimited) errors['429'] = problemResponse('Too many attempts from this address', RETRY_AFTER);
  errors['500'] = problemResponse('An unexpected error (logged with the request id)');
  errors['503'] = problemResponse('The database is unreachable', RETRY_AFTER);
  return errors;
}

/** Response headers that follow from the declaration: every answer's request id, versions, pages. */
function headersOf(route: RouteEntry) {
  const properties: object = (route.query && jsonSchemaOf(route.query).properties) ?? {};
  const paged = 'after' in properties;
  return {
    'X-Request-Id': { $ref: '#/components/headers/RequestId' },
    ...(route.ifMatch || /^\/api\/v1\/pilots\/:id/.test(route.path)
      ? { ETag: { description: "The pilot's version, for If-Match", schema: { type: 'string' } } }
      : {}),
    ...(paged
      ? {
          Link: {
            description: 'RFC 8288 link to the next page (rel="next"), absent on the last',
            schema: { type: 'string' },
          },
        }
      : {}),
  };
}

function successResponse(route: RouteEntry) {
  const reply = route.reply ?? {};
  const status = reply.status ?? 200;
  const description = reply.description ?? (status === 201 ? 'Created' : status === 204 ? 'No content' : 'OK');
  const headers = headersOf(route);
  if (status === 204) return { [status]: { description, headers } };
  const primary = reply.contentType ?? 'application/json';
  const contentTypes = [primary, ...(reply.alsoContentTypes ?? [])];
  const schemaFor = (contentType: string) =>
    contentType === primary && reply.schema
      ? jsonSchemaOf(reply.schema, 'output')
      : contentType === 'application/json'
        ? { type: 'object' }
        : { type: 'string' };
  return {
    [status]: {
      description,
      headers,
      content: Object.fromEntries(contentTypes.map((t) => [t, { schema: schemaFor(t) }])),
    },
  };
}

function operationOf(route: RouteEntry) {
  const body = route.body ?? route.documents?.body;
  const roles = route.permission ? [...PERMISSIONS[route.permission]] : null;
  const section = route.path.replace(/^\/api(\/v\d+)?\/?/, '').split('/')[0] || 'api';
  return {
    operationId: operationId(route),
    summary: route.summary,
    tags: [section],
    description: route.permission
      ? `**Needs a token** (Authorize): permission \`${route.permission}\`, for ${roles!.join(', ')}.`
      : '**Public**: no token needed (with one, a pilot’s parties see their own view).',
    'x-permission': route.permission,
    security: route.permission ? [{ bearerAuth: [] }] : [{}, { bearerAuth: [] }],
    parameters: [
      ...pathParametersOf(route),
      ...parametersOf(route.query, 'query'),
      ...(route.ifMatch
        ? [
            {
              name: 'If-Match',
              in: 'header',
              required: false,
              description: "The pilot's ETag; a stale one answers 412",
              schema: { type: 'string' },
            },
          ]
        : []),
    ],
    // The pipeline reads a missing body as {} (middleware/endpoint.ts, server/lifecycle/perform.ts), so a
    // body is required only where {} is refused (logout, for one, needs none: the bearer token will do).
    ...(body
      ? {
          requestBody: {
            required: !body.safeParse({}).success,
            content: { 'application/json': { schema: jsonSchemaOf(body) } },
          },
        }
      : {}),
    responses: { ...successResponse(route), ...errorResponses(route) },
  };
}

const operationId = (route: RouteEntry) =>
  `${route.method}${route.path.replace(/[/:{}-]+([a-z0-9])?/gi, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`;

/** A page of the site: HTML for people, in the reader's language, and its refusals are pages too. */
function pageOperation(route: RouteEntry) {
  const html = (description: string, headers: Record<string, unknown> = {}) => ({
    description,
    headers: { 'X-Request-Id': { $ref: '#/components/headers/RequestId' }, ...headers },
    content: { 'text/html': { schema: { type: 'string' } } },
  });
  return {
    operationId: operationId(route),
    summary: route.summary,
    description: 'A page of the public site (HTML in English or Vietnamese, by `lang`, the cookie or Accept-Language).',
    tags: ['site'],
    security: [{}],
    parameters: [...pathParametersOf(route), ...parametersOf(route.query, 'query')],
    responses: {
      200: html('The page'),
      ...(route.params || route.query ? { 400: html('A page naming the parameter that was refused, and why') } : {}),
      404: html('A page saying there is no such thing'),
      500: html('A page saying something went wrong (logged with the request id)'),
      503: html('A page saying the database is unreachable', RETRY_AFTER),
    },
  };
}

/**
 * The ledger's C2SP tlog-tiles resources (routes/ledger.ts serves them outside the route table: `<N>` is
 * a path of any depth, `x001/234`, and the answers are bytes).
 */
const ledgerTilePaths = {
  '/api/v1/ledger/tile/{path}': {
    get: {
      operationId: 'getApiV1LedgerTile',
      summary: 'A tile of the tree or an entry bundle, as C2SP tlog-tiles serves them',
      description:
        '`tile/<L>/<N>[.p/<W>]`: 32-byte hashes at level L (full tiles 256 of them, immutable); `tile/entries/<N>[.p/<W>]`: uint16 big-endian length-prefixed canonical entries. `<N>` is written `x001/234`.',
      tags: ['ledger'],
      security: [{}],
      parameters: [
        {
          name: 'path',
          in: 'path',
          required: true,
          description: '`<L>/<N>[.p/<W>]` or `entries/<N>[.p/<W>]` (slashes unescaped)',
          schema: { type: 'string' },
        },
      ],
      responses: {
        200: {
          description: 'The tile or bundle',
          headers: {
            'Cache-Control': {
              description: '`public, max-age=31536000, immutable` for full tiles, short-lived for partial ones',
              schema: { type: 'string' },
            },
          },
          content: {
            'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } },
          },
        },
        404: problemResponse('No such tile in the tree, or a path the spec does not name'),
        503: problemResponse('The database is unreachable', RETRY_AFTER),
      },
    },
  },
};

export function openApiDocument(routes: readonly RouteEntry[], info: DocumentInfo) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = templateOf(route.path);
    paths[path] = { ...paths[path], [route.method]: route.page ? pageOperation(route) : operationOf(route) };
  }
  Object.assign(paths, ledgerTilePaths);
  return {
    openapi: '3.1.0',
    info,
    // The OpenAPI 3.1 base dialect (JSON Schema 2020-12 with OpenAPI's vocabulary), the one Swagger UI
    // renders without a warning; our schemas are plain 2020-12, which it includes.
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Problem: problemSchema },
      headers: {
        RequestId: {
          description:
            "The request id (the caller's X-Request-Id when sane, else a new UUID); it is on every log line of the request",
          schema: { type: 'string' },
        },
      },
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Access token from POST /api/v1/auth/login (HS256, short-lived)',
        },
      },
    },
    'x-problem-types': Object.values(problems).map((p) => ({ type: p.type, status: p.status, title: p.title })),
  };
}
