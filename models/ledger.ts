import { Schema } from 'mongoose';

// The ledger (DESIGN.md §3). Entries are the source of truth; everything else here can be recomputed
// from them. Keys are chosen so that uniqueness comes from _id, which every server enforces on insert.

/**
 * One log entry. `_id` is its seq (= leaf index) as a 12-digit zero-padded string: a string `_id` is the
 * one key FerretDB's SQLite backend looks up by index, and padding keeps string order equal to seq order.
 * `canonical` holds the exact JCS bytes that are hashed.
 */
export const ledgerEntrySchema = new Schema(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    canonical: { type: String, required: true },
    leafHash: { type: String, required: true }, // base64 SHA-256(0x00 ‖ canonical)
    type: { type: String, required: true },
    subject: { type: String, required: true },
    // The version key (the subject, or the stable key of a record whose public subject changes) and
    // its version after this entry: unique together, so two actions on one version cannot both land.
    subjectVersion: { type: Number, required: true },
    at: { type: Date, required: true },
    // False until the projection (the record this entry changes) has been updated; the reconciler
    // finishes what a crash left undone.
    projected: { type: Boolean, required: true, default: false },
  },
  { strict: 'throw', versionKey: false, collection: 'ledger_entries' },
);
ledgerEntrySchema.index({ subject: 1, subjectVersion: 1 }, { unique: true });
ledgerEntrySchema.index({ seq: 1 }, { unique: true });

/** Confidential content of an entry and its salt, kept apart; _id is the commitment (hex). */
export const ledgerPrivateSchema = new Schema(
  {
    _id: { type: String, required: true },
    subject: { type: String, required: true, index: true },
    salt: { type: String, required: true }, // base64, 32 random bytes
    content: { type: String, required: true }, // the JCS text of the private content
  },
  { strict: 'throw', versionKey: false, collection: 'ledger_private' },
);

/**
 * A full tile of the tree (C2SP tlog-tiles): `_id` is `<level>/<index>` and `data` its 256 hashes
 * (8 KiB). Written once, never changed: read by `_id` only, and cached in memory.
 */
export const ledgerTileSchema = new Schema(
  {
    _id: { type: String, required: true },
    data: { type: Buffer, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'ledger_tiles' },
);

/** A full entry bundle: `_id` is the tile index, `data` the 256 length-prefixed entries as served. */
export const ledgerBundleSchema = new Schema(
  {
    _id: { type: String, required: true },
    data: { type: Buffer, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'ledger_bundles' },
);

/**
 * The right edge of the tree, kept apart from the big tile collections so that its conditional updates
 * (which FerretDB evaluates in Go over the whole collection) touch two documents: `hashes` (the partial
 * tile of every level at `size`, level 0 first) and `entries` (the partial bundle at `size`).
 */
export const ledgerEdgeSchema = new Schema(
  {
    _id: { type: String, required: true },
    size: { type: Number, required: true },
    data: { type: Buffer }, // empty at some sizes (no partial bundle at a multiple of 256)
  },
  { strict: 'throw', versionKey: false, collection: 'ledger_edge' },
);

/** A signed checkpoint; _id is the tree size, zero-padded like entry ids. Every one is kept. */
export const ledgerCheckpointSchema = new Schema(
  {
    _id: { type: String, required: true },
    size: { type: Number, required: true },
    rootHash: { type: String, required: true },
    note: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'ledger_checkpoints' },
);

/**
 * Small shared state, each a counter that only grows: `tree` (how many leaves have all their subtree
 * hashes stored), `checkpoint` (the largest signed size), `projected` (every entry below it is
 * projected), `head` (a hint: one past the last seq, possibly lagging); and leases for jobs that one
 * instance at a time should run.
 */
export const ledgerStateSchema = new Schema(
  {
    _id: { type: String, required: true },
    size: { type: Number },
    holder: { type: String },
    until: { type: Date },
  },
  { strict: 'throw', versionKey: false, collection: 'ledger_state' },
);
