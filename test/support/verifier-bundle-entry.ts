// The functions the in-browser verifier is made of, exported from one module so that
// test/ledger/browser-verifier.test.ts can bundle them exactly as the page's verifier is bundled
// (server/site/verifier-bundle.ts: the "browser" condition, so the pure-JS crypto) and call them in Node.
export { fromBase64, toBase64 } from '../../server/ledger/bytes.ts';
export { leafHash, nodeHash, verifyConsistency, verifyInclusion } from '../../server/ledger/merkle.ts';
export { keyId, openNote, parseCheckpoint, parseVerifierKey, verifierKey } from '../../server/ledger/signed-note.ts';
export { ledgerBase } from '../../server/ledger/verifier-api.ts';
export { StepFailure, verifyEntry, verifyLog } from '../../server/ledger/verifier-steps.ts';
