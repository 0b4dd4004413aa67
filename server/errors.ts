// One family of errors. Code throws these; middleware/errors.ts turns them (and anything else) into
// RFC 9457 application/problem+json.

export interface FieldProblem {
  field: string;
  reason: string;
}

export interface ProblemInit {
  detail?: string;
  errors?: FieldProblem[];
  headers?: Record<string, string>;
  extra?: Record<string, unknown>;
}

export class Problem extends Error {
  readonly detail: string;
  readonly errors?: FieldProblem[];
  readonly headers: Record<string, string>;
  readonly extra: Record<string, unknown>;

  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    init: ProblemInit = {},
  ) {
    super(init.detail ?? title);
    this.name = 'Problem';
    this.detail = init.detail ?? title;
    this.errors = init.errors;
    this.headers = init.headers ?? {};
    this.extra = init.extra ?? {};
  }
}

/** Problem types are stable relative URIs; /problems/<slug> documents each one. */
function problemKind(status: number, slug: string, title: string) {
  const type = `/problems/${slug}`;
  const make = (detail?: string, init: Omit<ProblemInit, 'detail'> = {}) =>
    new Problem(status, type, title, { ...init, detail });
  return Object.assign(make, { type, status, title });
}

export const problems = {
  badRequest: problemKind(400, 'bad-request', 'Bad request'),
  malformedJson: problemKind(400, 'malformed-json', 'Malformed JSON body'),
  validation: problemKind(400, 'validation-error', 'Request validation failed'),
  unauthenticated: problemKind(401, 'unauthenticated', 'Authentication required'),
  invalidCredentials: problemKind(401, 'invalid-credentials', 'Invalid credentials'),
  invalidToken: problemKind(401, 'invalid-token', 'Invalid or expired token'),
  forbidden: problemKind(403, 'forbidden', 'Forbidden'),
  notFound: problemKind(404, 'not-found', 'Not found'),
  methodNotAllowed: problemKind(405, 'method-not-allowed', 'Method not allowed'),
  conflict: problemKind(409, 'conflict', 'Conflict'),
  preconditionFailed: problemKind(412, 'precondition-failed', 'Precondition failed'),
  payloadTooLarge: problemKind(413, 'payload-too-large', 'Request body too large'),
  unsupportedMediaType: problemKind(415, 'unsupported-media-type', 'Unsupported media type'),
  locked: problemKind(423, 'account-locked', 'Account temporarily locked'),
  tooManyRequests: problemKind(429, 'rate-limited', 'Too many requests'),
  internal: problemKind(500, 'internal-error', 'Internal server error'),
  unavailable: problemKind(503, 'service-unavailable', 'Service unavailable'),
};

export type ProblemKind = (typeof problems)[keyof typeof problems];
