// Every endpoint is one pipeline: authenticate → authorize (role) → validate → handler → response.
// A route declares its permission, schemas and summary; the handler receives typed input and the caller
// and returns what to send. Validated input lives here, never written onto `req` (Express 5's req.query
// is read-only anyway). The declaration is also recorded (middleware/route-table.ts), and the OpenAPI
// document is generated from it: the schemas that validate a request are the ones that document it.
import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { Principal } from '../server/accounts/principal.ts';
import { roleMay, type Permission } from '../server/access/permissions.ts';
import type { RegistryContext } from '../server/context.ts';
import { problems } from '../server/errors.ts';
import { principalOf } from './authenticate.ts';
import { parseOrThrow } from '../server/validation.ts';

export interface Schemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

/** What a successful answer looks like, for the OpenAPI document (loosely, where no schema exists). */
export interface ReplyDoc {
  status?: number;
  description?: string;
  schema?: z.ZodType;
  /** `application/json` unless told. */
  contentType?: string;
  /** Other types the same answer may come in, chosen by a query parameter (`?format=csv`). */
  alsoContentTypes?: string[];
}

/** What an endpoint declares besides its handler. */
export interface Declaration extends Schemas {
  /** One line for the API document. */
  summary: string;
  /**
   * Input that server/ validates because its schema depends on the record or the caller's role (a
   * lifecycle action's fields): documented here, checked there.
   */
  documents?: { body?: z.ZodType; params?: z.ZodType };
  reply?: ReplyDoc;
  /** The endpoint honours If-Match with the pilot's ETag (412 when stale). */
  ifMatch?: boolean;
  /**
   * Statuses server/ may refuse with beyond those the pipeline implies (400/401/403/404/413/415/429/503,
   * 409 for creations and If-Match writes), e.g. 429 for a source that failed to sign in too often.
   */
  refuses?: number[];
}

/** A declaration as the route table keeps it: `permission` null means anyone may call. */
export interface EndpointSpec extends Declaration {
  permission: Permission | null;
  /** An HTML page for people (the public site), rather than an API answer. */
  page?: true;
}

const endpointSpecs = new WeakMap<RequestHandler, EndpointSpec>();

/** Marks a handler as an endpoint and keeps what it declared, for the route table to record. */
function markEndpoint(handler: RequestHandler, spec: EndpointSpec): RequestHandler {
  endpointSpecs.set(handler, spec);
  return handler;
}

/** What an endpoint handler declared (undefined for any other handler). */
export const specOf = (handler: RequestHandler): EndpointSpec | undefined => endpointSpecs.get(handler);

type Parsed<S extends Schemas, K extends keyof Schemas> = S[K] extends z.ZodType ? z.infer<S[K]> : undefined;

export interface Input<S extends Schemas, P> {
  body: Parsed<S, 'body'>;
  query: Parsed<S, 'query'>;
  params: Parsed<S, 'params'>;
  principal: P;
  req: Request;
  res: Response;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler<S extends Schemas, P> = (input: Input<S, P>) => Promise<Reply | undefined> | Reply | undefined;

/** A form sends every field, empty ones included: on a page, an empty field is no value at all. */
const withoutEmptyFields = (query: Request['query']) =>
  Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));

function validateAll<S extends Declaration>(schemas: S, req: Request, query: unknown = req.query) {
  const pick = (k: keyof Schemas, value: unknown) => {
    const schema = schemas[k];
    return schema ? parseOrThrow(schema, value, k) : undefined;
  };
  return {
    params: pick('params', req.params) as Parsed<S, 'params'>,
    query: pick('query', query) as Parsed<S, 'query'>,
    body: pick('body', req.body ?? {}) as Parsed<S, 'body'>,
  };
}

function send(res: Response, reply: Reply | undefined) {
  if (!reply) {
    res.status(204).end();
    return;
  }
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.status(reply.status ?? (reply.body === undefined ? 204 : 200));
  if (reply.body === undefined) res.end();
  else if (typeof reply.body === 'string') res.send(reply.body);
  else res.json(reply.body);
}

export function endpoints(ctx: RegistryContext) {
  /** An endpoint anyone may call; `principal` is the caller if a valid token was sent. */
  function open<S extends Declaration>(schemas: S, handler: Handler<S, Principal | undefined>): RequestHandler {
    return markEndpoint(
      async (req, res) => {
        const principal = await principalOf(ctx, req);
        res.locals.principalId = principal?.userId;
        const input = validateAll(schemas, req);
        send(res, await handler({ ...input, principal, req, res }));
      },
      { ...schemas, permission: null },
    );
  }

  /** An endpoint for signed-in callers whose role has `permission` (401 / 403 otherwise). */
  function guarded<S extends Declaration>(
    permission: Permission,
    schemas: S,
    handler: Handler<S, Principal>,
  ): RequestHandler {
    return markEndpoint(
      async (req, res) => {
        const principal = await principalOf(ctx, req);
        res.locals.principalId = principal?.userId;
        if (!principal) throw problems.unauthenticated('Send an access token: Authorization: Bearer <token>.');
        if (!roleMay(principal.role, permission))
          throw problems.forbidden(`A ${principal.role} may not ${permission.replace(':', ' ')}.`);
        const input = validateAll(schemas, req);
        send(res, await handler({ ...input, principal, req, res }));
      },
      { ...schemas, permission },
    );
  }

  /**
   * A page of the site: the same pipeline (validated input, in `query` without the form's empty fields),
   * then the handler renders the answer itself. Errors reach the site's error handler, which answers
   * with a page in the reader's language.
   */
  function page<S extends Declaration>(
    schemas: S,
    handler: (input: Input<S, undefined>) => Promise<void>,
  ): RequestHandler {
    return markEndpoint(
      async (req, res) => {
        const input = validateAll(schemas, req, withoutEmptyFields(req.query));
        await handler({ ...input, principal: undefined, req, res });
      },
      { ...schemas, permission: null, page: true, reply: { contentType: 'text/html', ...schemas.reply } },
    );
  }

  return { open, guarded, page };
}
