// The two primitives the ledger's verification needs, as one seam with two implementations: Node's
// (node:crypto, native and fast) for the server and the CLI, and a pure-JS, synchronous one
// (@noble/hashes, @noble/ed25519) for the verifier bundled for the browser. Code imports them as
// `#ledger/crypto`; package.json's "imports" picks crypto.browser.ts under the "browser" condition (the
// browser bundle and its type check) and crypto.node.ts everywhere else. Signing stays Node-only
// (note-signing.ts).

/** SHA-256 of the parts, as if they were concatenated. */
export type Sha256 = (...parts: Uint8Array[]) => Uint8Array;

/** RFC 8032 Ed25519 verification; false for a malformed key or signature, never a throw. */
export type Ed25519Verify = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean;
