// Verifies the ledger in the reader's browser, trusting nothing the page says: it fetches the public
// ledger API (DESIGN §3) and checks with WebCrypto
//   - an entry: its canonical text hashes to its leaf (RFC 9162 leaf hash), its inclusion proof leads
//     to the latest checkpoint's root, and the checkpoint's signed note carries a valid Ed25519
//     signature by the registry's key (C2SP signed-note, key id included);
//   - the whole log: every entry recomputes the checkpoint's root (RFC 9162 §2.1.1).
// The buttons are hidden until this script runs, so a reader without JavaScript is not offered them.

const encoder = new TextEncoder();

const b64decode = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const b64encode = (bytes) => btoa(String.fromCharCode(...bytes));
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
const leafHash = (bytes) => sha256(concat(new Uint8Array([0]), bytes));
const nodeHash = (left, right) => sha256(concat(new Uint8Array([1]), left, right));

async function getJson(path) {
  const res = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}
async function getText(path) {
  const res = await fetch(path, { headers: { Accept: 'text/plain' } });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.text();
}

/** A C2SP signed note: the body (origin, size, root) and its signature lines. */
function parseNote(note) {
  const split = note.indexOf('\n\n');
  if (split < 0) throw new Error('the checkpoint is not a signed note');
  const body = note.slice(0, split + 1);
  const [origin, size, root] = body.split('\n');
  if (!/^\d+$/.test(size ?? '')) throw new Error('the checkpoint has no tree size');
  const signatures = note
    .slice(split + 2)
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const m = /^\u2014 (\S+) (\S+)$/.exec(line);
      if (!m) throw new Error('a signature line is malformed');
      return { name: m[1], blob: b64decode(m[2]) };
    });
  return { body, origin, size: Number(size), root: b64decode(root), signatures };
}

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to. */
async function rootFromInclusion(index, size, leaf, proof) {
  if (index >= size) throw new Error('index beyond the tree');
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) throw new Error('the proof is too long');
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error('the proof is too short');
  return r;
}

/** RFC 9162 §2.1.1: the Merkle tree hash of leaf hashes. */
async function treeHash(leaves) {
  if (leaves.length === 0) return sha256(new Uint8Array());
  let level = leaves;
  // Bottom-up: pair neighbours; an odd last node moves up unchanged (the same tree as the recursive split).
  while (level.length > 1) {
    const next = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(await nodeHash(level[i], level[i + 1]));
    if (level.length % 2 === 1) next.push(level[level.length - 1]);
    level = next;
  }
  return level[0];
}

/** The checkpoint's signature by the published key: key id, then Ed25519 over the note body. */
async function checkSignature(note, key, step) {
  // <name>+<key id, 8 hex>+<base64(0x01 ‖ key)>: the base64 may itself hold '+', so split only twice.
  const parts = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(key.vkey);
  if (!parts) throw Object.assign(new Error('the published vkey is malformed'), { step: 'keyid' });
  const [, name, keyIdHex, keyB64] = parts;
  const publicKey = b64decode(key.publicKey);
  const vkeyBytes = b64decode(keyB64);
  const keyError = (message) => Object.assign(new Error(message), { step: 'keyid' });
  if (vkeyBytes[0] !== 1 || !equal(vkeyBytes.slice(1), publicKey))
    throw keyError('the vkey does not carry the published key');
  const keyId = (await sha256(concat(encoder.encode(`${name}\n`), new Uint8Array([1]), publicKey))).slice(0, 4);
  const sig = note.signatures.find((s) => s.name === name);
  if (!sig) throw keyError(`no signature by ${name}`);
  if (
    !equal(sig.blob.slice(0, 4), keyId) ||
    [...keyId].map((b) => b.toString(16).padStart(2, '0')).join('') !== keyIdHex
  ) {
    throw keyError('the signature names another key');
  }
  step('keyid', true, keyIdHex);
  const cryptoKey = await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
  const ok = await crypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, sig.blob.slice(4), encoder.encode(note.body));
  if (!ok) throw new Error('the Ed25519 signature does not verify');
  step('signature', true, `${note.origin} · ${note.size}`);
}

async function verifyEntry(seq, step) {
  const [key, noteText, item] = await Promise.all([
    getJson('/api/v1/ledger/key'),
    getText('/api/v1/ledger/checkpoint'),
    getJson(`/api/v1/ledger/entries/${seq}`),
  ]);
  const note = parseNote(noteText);
  const leaf = await leafHash(encoder.encode(item.canonical));
  if (b64encode(leaf) !== item.leafHash)
    throw Object.assign(new Error(`the text hashes to ${b64encode(leaf)}, not ${item.leafHash}`), { step: 'leaf' });
  step('leaf', true, b64encode(leaf));
  if (seq >= note.size) return 'pending';
  const proof = await getJson(`/api/v1/ledger/proof/inclusion?index=${seq}&size=${note.size}`);
  const root = await rootFromInclusion(seq, note.size, leaf, proof.proof.map(b64decode));
  if (!equal(root, note.root))
    throw Object.assign(new Error(`the proof leads to ${b64encode(root)}, not the checkpoint's root`), {
      step: 'proof',
    });
  step('proof', true, `${proof.proof.length} × SHA-256 → ${b64encode(root)}`);
  await checkSignature(note, key, step).catch((err) => {
    throw Object.assign(err, { step: err.step ?? 'signature' });
  });
  return 'ok';
}

async function verifyLog(step) {
  const [key, noteText] = await Promise.all([getJson('/api/v1/ledger/key'), getText('/api/v1/ledger/checkpoint')]);
  const note = parseNote(noteText);
  const leaves = [];
  let start = 0;
  while (start < note.size) {
    const page = await getJson(`/api/v1/ledger/entries?start=${start}&limit=${Math.min(1000, note.size - start)}`);
    for (const e of page.entries) {
      if (e.seq !== leaves.length)
        throw Object.assign(new Error(`entry ${leaves.length} is missing`), { step: 'tree' });
      const leaf = await leafHash(encoder.encode(e.canonical));
      if (b64encode(leaf) !== e.leafHash)
        throw Object.assign(new Error(`entry ${e.seq} does not hash to its leaf hash`), { step: 'tree' });
      leaves.push(leaf);
    }
    if (page.entries.length === 0) break;
    start += page.entries.length;
  }
  const root = await treeHash(leaves.slice(0, note.size));
  if (leaves.length < note.size || !equal(root, note.root)) {
    throw Object.assign(new Error(`${leaves.length} entries give ${b64encode(root)}, not the checkpoint's root`), {
      step: 'tree',
    });
  }
  step('tree', true, `${note.size} → ${b64encode(root)}`);
  await checkSignature(note, key, step).catch((err) => {
    throw Object.assign(err, { step: err.step ?? 'signature' });
  });
  return 'ok';
}

function attach(button, run) {
  const section = button.parentElement;
  const report = section.querySelector('[data-verify-report]');
  const verdict = report.querySelector('[data-verify-verdict]');
  button.hidden = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    report.hidden = false;
    for (const li of report.querySelectorAll('[data-step]')) {
      li.className = '';
      li.querySelector('.mark').textContent = '…';
      li.querySelector('.detail').textContent = '';
    }
    verdict.className = 'verdict';
    verdict.textContent = '';
    const step = (name, ok, detail) => {
      const li = report.querySelector(`[data-step="${name}"]`);
      if (!li) return;
      li.className = ok ? 'ok' : 'fail';
      li.querySelector('.mark').textContent = ok ? '✓' : '✗';
      li.querySelector('.detail').textContent = detail ? `(${detail})` : '';
    };
    try {
      const outcome = await run(step);
      verdict.className = outcome === 'ok' ? 'verdict ok' : 'verdict';
      verdict.textContent = outcome === 'ok' ? verdict.dataset.ok : verdict.dataset.pending;
    } catch (err) {
      if (err.step) step(err.step, false, err.message);
      verdict.className = 'verdict fail';
      verdict.textContent = `${verdict.dataset.fail}: ${err.message}`;
    } finally {
      button.disabled = false;
    }
  });
}

for (const button of document.querySelectorAll('[data-verify-entry]')) {
  attach(button, (step) => verifyEntry(Number(button.dataset.verifyEntry), step));
}
for (const button of document.querySelectorAll('[data-verify-log]')) {
  attach(button, (step) => verifyLog(step));
}
