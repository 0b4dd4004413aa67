// Signed checkpoints as C2SP signed notes with Ed25519: the example from Go's golang.org/x/mod/sumdb/note
// documentation, RFC 8032 key derivation, and every way a note or a verifier key can be wrong.
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { generateNoteKey, noteKeyFromSeed, signNote } from '../../server/ledger/note-signing.ts';
import {
  checkpointBody,
  keyId,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  verifierKey,
} from '../../server/ledger/signed-note.ts';
import { GO, flipSignatureBit, goSeed } from '../support/note-examples.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const ROOT = createHash('sha256').update('a root').digest();

describe('ledger signed notes (C2SP signed-note, Ed25519)', () => {
  describe('known answers', () => {
    it("when Go's documented note is opened with its verifier key, then its text comes back", () => {
      expect(openNote(GO.signed, GO.vkey)).to.deep.equal({ body: GO.text });
    });

    it("when the key is rebuilt from the seed in Go's signer key, then our vkey and signature are byte for byte Go's", () => {
      expect(goSeed.length).to.equal(32);
      const key = noteKeyFromSeed('PeterNeumann', goSeed);
      expect(verifierKey(key.name, key.publicKey)).to.equal(GO.vkey);
      expect(hex(keyId(key.name, key.publicKey))).to.equal('c74f20a3');
      expect(signNote(GO.text, key)).to.equal(GO.signed);
    });

    it('when a key is built from the RFC 8032 test 1 seed, then its public key is the published one', () => {
      const key = noteKeyFromSeed(
        'rfc8032',
        Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex'),
      );
      expect(hex(key.publicKey)).to.equal('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    });

    it('when the key id is computed for a fixed seed, then it is the first 4 bytes of SHA-256(name ‖ LF ‖ 0x01 ‖ key)', () => {
      const key = noteKeyFromSeed('registry.example/ledger', new Uint8Array(32).fill(0x01));
      const expected = createHash('sha256')
        .update(Buffer.concat([Buffer.from('registry.example/ledger\n'), Buffer.from([0x01]), key.publicKey]))
        .digest()
        .subarray(0, 4);
      expect(hex(keyId(key.name, key.publicKey))).to.equal(hex(expected));
      const vkey = verifierKey(key.name, key.publicKey);
      expect(vkey).to.equal(
        `registry.example/ledger+${hex(expected)}+${Buffer.concat([Buffer.from([1]), key.publicKey]).toString('base64')}`,
      );
      const parsed = parseVerifierKey(vkey);
      expect(parsed.name).to.equal(key.name);
      expect(hex(parsed.keyId)).to.equal(hex(expected));
      expect(hex(parsed.publicKey)).to.equal(hex(key.publicKey));
    });
  });

  describe('checkpoints', () => {
    const { key, seed } = generateNoteKey('registry.example/ledger');
    const vkey = verifierKey(key.name, key.publicKey);

    it('when a checkpoint is signed and opened, then origin, size and root come back', () => {
      const body = checkpointBody('registry.example/ledger', 42, ROOT);
      expect(body).to.equal(`registry.example/ledger\n42\n${ROOT.toString('base64')}\n`);
      const note = signNote(body, key);
      expect(note.startsWith(`${body}\n\u2014 registry.example/ledger `)).to.equal(true);
      expect(Buffer.from(note.trimEnd().split(' ').at(-1)!, 'base64').length).to.equal(4 + 64);
      const opened = openNote(note, vkey);
      expect(opened.body).to.equal(body);
      const checkpoint = parseCheckpoint(opened.body);
      expect(checkpoint).to.deep.include({ origin: 'registry.example/ledger', size: 42, extensions: [] });
      expect(hex(checkpoint.root)).to.equal(hex(ROOT));
    });

    it('when the same seed is loaded again, then it signs identically', () => {
      expect(seed.length).to.equal(32);
      const again = noteKeyFromSeed(key.name, seed);
      expect(hex(again.publicKey)).to.equal(hex(key.publicKey));
      const body = checkpointBody('registry.example/ledger', 0, ROOT);
      expect(signNote(body, again)).to.equal(signNote(body, key));
    });

    it('when the body is tampered with, then the note is refused', () => {
      const note = signNote(checkpointBody('registry.example/ledger', 42, ROOT), key);
      expect(() => openNote(note.replace('\n42\n', '\n43\n'), vkey)).to.throw(/invalid signature/);
    });

    it('when the signature is tampered with, then the note is refused', () => {
      const note = signNote(checkpointBody('registry.example/ledger', 42, ROOT), key);
      expect(() => openNote(flipSignatureBit(note), vkey)).to.throw(/invalid signature/);
    });

    it('when the note was signed by another key, then it is refused, whether or not the name matches', () => {
      const body = checkpointBody('registry.example/ledger', 42, ROOT);
      const impostor = generateNoteKey('registry.example/ledger').key;
      expect(() => openNote(signNote(body, impostor), vkey)).to.throw(
        /no signature by key registry\.example\/ledger\+/,
      );
      const stranger = generateNoteKey('someone.example').key;
      expect(() => openNote(signNote(body, stranger), vkey)).to.throw(/no signature by key/);
    });

    it('when a witness adds its signature line, then the note still opens with our key (unknown keys are ignored)', () => {
      const body = checkpointBody('registry.example/ledger', 42, ROOT);
      const witness = generateNoteKey('witness.example').key;
      const ours = signNote(body, key);
      const theirs = signNote(body, witness);
      const cosigned = ours + theirs.slice(body.length + 1);
      expect(openNote(cosigned, vkey).body).to.equal(body);
      expect(openNote(cosigned, verifierKey(witness.name, witness.publicKey)).body).to.equal(body);
      const witnessFirst = theirs + ours.slice(body.length + 1);
      expect(openNote(witnessFirst, vkey).body).to.equal(body);
    });

    it('when a second signature line of our key is bad, then the note is refused', () => {
      const note = signNote(checkpointBody('registry.example/ledger', 42, ROOT), key);
      const line = note.slice(note.lastIndexOf('\u2014'));
      const badLine = flipSignatureBit(line);
      expect(() => openNote(note + badLine, vkey)).to.throw(/invalid signature/);
    });

    it('when the note is malformed, then it is refused with the reason', () => {
      const body = checkpointBody('registry.example/ledger', 42, ROOT);
      const note = signNote(body, key);
      const sigLine = note.slice(body.length + 1);
      expect(() => openNote(body + sigLine, vkey)).to.throw(/no blank line|no signature/);
      expect(() => openNote(note.slice(0, -1), vkey)).to.throw(/must end with a newline/);
      expect(() => openNote(`${body}\n${sigLine.replace('\u2014', '-')}`, vkey)).to.throw(/em dash/);
      expect(() => openNote(`${body}\n\u2014 ${key.name}\n`, vkey)).to.throw(/signature line/);
      expect(() => openNote(`${body}\n\u2014 ${key.name} AAAA\n`, vkey)).to.throw(/signature line/);
      expect(() => openNote(`${body}\n\u2014 ${key.name} not*base64\n`, vkey)).to.throw(/signature line/);
      expect(() => openNote(note.replace('42', '4\t2'), vkey)).to.throw(/control characters/);
      expect(() => openNote(note.replace('42', '4\r2'), vkey)).to.throw(/control characters/);
      expect(() => openNote(note + sigLine.repeat(100), vkey)).to.throw(/more than 100 signatures/);
      expect(() => openNote('', vkey)).to.throw(/malformed note/);
    });

    it('when a text does not end with a newline or holds control characters, then it is not signed', () => {
      expect(() => signNote('no newline', key)).to.throw(/end with a newline/);
      expect(() => signNote('bell\u0007\n', key)).to.throw(/control characters/);
      expect(() => signNote('lone \ud800 surrogate\n', key)).to.throw(/invalid UTF-16/);
    });
  });

  describe('verifier keys and key names', () => {
    const { key } = generateNoteKey('registry.example/ledger');
    const vkey = verifierKey(key.name, key.publicKey);

    it('when a verifier key is malformed, then it is refused', () => {
      const [name, id, data] = [key.name, vkey.split('+')[1], vkey.slice(vkey.indexOf('+', key.name.length + 1) + 1)];
      const otherId = (Number.parseInt(id, 16) ^ 1).toString(16).padStart(8, '0');
      const raw = Buffer.from(data, 'base64');
      const withAlgorithm = (alg: number): string =>
        Buffer.concat([Buffer.from([alg]), raw.subarray(1)]).toString('base64');
      for (const bad of [
        '',
        name,
        `${name}+${id}`,
        `${name}+${otherId}+${data}`,
        `${name}+${id.slice(1)}+${data}`,
        `${name}+${id}z+${data}`,
        `${name}+${id}+${data.slice(0, -4)}`,
        `${name}+${id}+not base64`,
        `${name}+${id}+${withAlgorithm(2)}`,
        `${name}+${id}+${raw.subarray(0, 20).toString('base64')}`,
        `other.example+${id}+${data}`,
        `+${id}+${data}`,
        `bad name+${id}+${data}`,
      ]) {
        expect(() => parseVerifierKey(bad), JSON.stringify(bad)).to.throw(/malformed verifier key/);
        expect(() => openNote(signNote('text\n', key), bad), JSON.stringify(bad)).to.throw(/malformed verifier key/);
      }
      expect(parseVerifierKey(`${name}+${id.toUpperCase()}+${data}`).name).to.equal(name);
    });

    it('when a key name holds a space, a plus, a newline or nothing, then no key is made', () => {
      for (const bad of ['', 'a b', 'a+b', 'a\nb', 'a\tb', 'a\u00a0b', 'a\u2003b']) {
        expect(() => generateNoteKey(bad), JSON.stringify(bad)).to.throw(/invalid key name/);
        expect(() => noteKeyFromSeed(bad, new Uint8Array(32)), JSON.stringify(bad)).to.throw(/invalid key name/);
        expect(() => verifierKey(bad, key.publicKey), JSON.stringify(bad)).to.throw(/invalid key name/);
      }
      expect(() => noteKeyFromSeed('short', new Uint8Array(31))).to.throw(/32 bytes/);
      expect(noteKeyFromSeed('sandbox.example/ledger-ünïcode', new Uint8Array(32)).name).to.equal(
        'sandbox.example/ledger-ünïcode',
      );
    });
  });

  describe('checkpoint bodies (C2SP tlog-checkpoint)', () => {
    const rootText = ROOT.toString('base64');

    it('when a body is parsed, then size zero and extension lines are accepted', () => {
      expect(parseCheckpoint(`log\n0\n${rootText}\n`).size).to.equal(0);
      const parsed = parseCheckpoint(`log\n7\n${rootText}\nextension one\nextension two\n`);
      expect(parsed).to.deep.include({ origin: 'log', size: 7, extensions: ['extension one', 'extension two'] });
      expect(parseCheckpoint(`log\n9007199254740991\n${rootText}\n`).size).to.equal(Number.MAX_SAFE_INTEGER);
    });

    it('when a body is malformed, then it is refused', () => {
      const short = Buffer.alloc(31).toString('base64');
      const nonCanonical = `${rootText.slice(0, -2)}F=`; // the last base64 digit carries stray bits
      for (const bad of [
        `log\n42\n${rootText}`,
        `log\n42\n`,
        `log\n42\n${rootText}\n\n`,
        `log\n42\n${rootText}\n\nextension\n`,
        `\n42\n${rootText}\n`,
        `log\n042\n${rootText}\n`,
        `log\n-1\n${rootText}\n`,
        `log\n+1\n${rootText}\n`,
        `log\n4.2\n${rootText}\n`,
        `log\n 42\n${rootText}\n`,
        `log\n9007199254740993\n${rootText}\n`,
        `log\n42\n${short}\n`,
        `log\n42\n${nonCanonical}\n`,
        `log\n42\n${rootText.replace(/=+$/, '')}\n`,
        `log\n42\n${Buffer.from(ROOT).toString('base64url')}\n`,
      ]) {
        expect(() => parseCheckpoint(bad), JSON.stringify(bad)).to.throw(/malformed/);
      }
    });

    it('when a body is made from bad parts, then it is refused', () => {
      expect(() => checkpointBody('', 1, ROOT)).to.throw(/origin/);
      expect(() => checkpointBody('two\nlines', 1, ROOT)).to.throw(/origin/);
      expect(() => checkpointBody('log', -1, ROOT)).to.throw(/tree size/);
      expect(() => checkpointBody('log', 1.5, ROOT)).to.throw(/tree size/);
      expect(() => checkpointBody('log', 1, ROOT.subarray(1))).to.throw(/32 bytes/);
    });
  });
});
