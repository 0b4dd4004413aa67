import { Schema } from 'mongoose';

// A session is one refresh-token family: it starts at login, every refresh rotates its token, and
// revoking it (logout, reuse of an old token, disabled account) ends every token of the family at once,
// including access tokens, which name their session.
export const sessionSchema = new Schema(
  {
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date },
    revokedReason: { type: String },
    // A portal (browser) session: the cookie carries the session's id and a secret whose SHA-256 is
    // kept here, so the cookie is looked up by _id (the one fast read on FerretDB) and a stolen database
    // does not yield live cookies. `lastSeenAt` drives the idle timeout; `expiresAt` is the absolute one.
    kind: { type: String, enum: ['api', 'browser'], default: 'api' },
    secretHash: { type: String },
    lastSeenAt: { type: Date },
  },
  { timestamps: true, strict: 'throw' },
);

// Refresh tokens are stored as SHA-256 hashes; the token itself is only ever in the client's hands.
// No TTL index (FerretDB has none): expired rows are refused on use.
export const refreshTokenSchema = new Schema(
  {
    tokenHash: { type: String, required: true, unique: true },
    session: { type: Schema.Types.ObjectId, ref: 'Session', required: true, index: true },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
  },
  { timestamps: true, strict: 'throw' },
);

// Spending a refresh token is an insert into this unique index, not a conditional update: FerretDB's
// findAndModify is not atomic under concurrency, whereas a unique-index insert lets exactly one
// of two racing refreshes win on every server (DESIGN.md §4).
export const refreshTokenUseSchema = new Schema(
  {
    tokenHash: { type: String, required: true, unique: true },
    usedAt: { type: Date, required: true },
  },
  { strict: 'throw' },
);

// Failed sign-ins of one e-mail address from one source address, keyed by a hash of the pair (`_id`, the
// one fast read on FerretDB). Unknown and known addresses are counted alike, so the answers never tell
// which exist; a source with no recent failure is never slowed by another's guessing (no account lockout).
export const loginThrottleSchema = new Schema(
  {
    _id: { type: String, required: true },
    failures: { type: Number, required: true },
    lastFailureAt: { type: Date, required: true },
    blockedUntil: { type: Date, default: null },
  },
  { strict: 'throw', versionKey: false },
);
