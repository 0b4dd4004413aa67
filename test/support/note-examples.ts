// Signed notes to test verifiers with: the example of Go's golang.org/x/mod/sumdb/note, and a way to
// spoil a signature.

// From the package documentation of golang.org/x/mod/sumdb/note (note.go, "Example").
export const GO = {
  skey: 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz',
  vkey: 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
  text: "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n",
  signed:
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n" +
    '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n',
};
// Go's signer key is "PRIVATE+KEY+<name>+<id>+<base64(0x01 ‖ seed)>" (the base64 part may hold '+').
export const goSeed = Buffer.from(GO.skey.split('+').slice(4).join('+'), 'base64').subarray(1);

/** Rewrites the signature of the first signature line, flipping one bit of the Ed25519 part. */
export function flipSignatureBit(note: string): string {
  const at = note.lastIndexOf(' ') + 1;
  const raw = Buffer.from(note.slice(at, -1), 'base64');
  raw[10] ^= 0x01;
  return `${note.slice(0, at)}${raw.toString('base64')}\n`;
}
