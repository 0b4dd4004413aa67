// The ledger's bytes helper, which the server, the CLI and the browser's verifier share: base64 exactly
// as RFC 4648 §4 writes it (one text per value), judged against Node's Buffer.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { concatBytes, fromBase64, sameBytes, toBase64, toHex, utf8Bytes } from '../../server/ledger/bytes.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Whether `text` is the encoding Node writes for the bytes it decodes to. */
const canonical = (text: string): boolean => Buffer.from(text, 'base64').toString('base64') === text;

describe('ledger bytes', () => {
  it('when bytes of every length up to 70 are encoded and decoded, then it is what Buffer does, both ways', () => {
    for (let length = 0; length <= 70; length += 1) {
      const bytes = new Uint8Array(randomBytes(length));
      const text = Buffer.from(bytes).toString('base64');
      expect(toBase64(bytes)).to.equal(text);
      expect(toHex(fromBase64(text)!)).to.equal(toHex(bytes));
    }
  });

  it('when base64 is unpadded, spaced, cut, padded wrongly or not ASCII, then it is refused', () => {
    for (const text of [
      'QQ',
      'QUI',
      ' QUJD',
      'QUJD ',
      'QU JD',
      'QUJD\n',
      'A===',
      '====',
      'AA=A',
      '=AAA',
      'QUJDRA=',
      'QUÀD',
    ])
      expect(fromBase64(text), JSON.stringify(text)).to.equal(null);
    expect(toHex(fromBase64('')!)).to.equal('');
  });

  it('when the last character before the padding has bits left over, then only the one canonical text is accepted', () => {
    for (const x of ALPHABET) {
      for (const y of ALPHABET) {
        expect(fromBase64(`${x}${y}==`) !== null, `${x}${y}==`).to.equal(canonical(`${x}${y}==`));
        expect(fromBase64(`Q${x}${y}=`) !== null, `Q${x}${y}=`).to.equal(canonical(`Q${x}${y}=`));
      }
    }
  });

  it('when a large array is encoded, then it is not cut at the engine argument limit', () => {
    const bytes = new Uint8Array(randomBytes(200_000));
    expect(toBase64(bytes)).to.equal(Buffer.from(bytes).toString('base64'));
  });

  it('when bytes are compared, concatenated or encoded as UTF-8, then they are what Buffer says', () => {
    expect(sameBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).to.equal(true);
    expect(sameBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).to.equal(false);
    expect(sameBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0))).to.equal(false);
    expect(toHex(concatBytes(Uint8Array.of(0xde), new Uint8Array(), Uint8Array.of(0xad, 0xbe)))).to.equal('deadbe');
    expect(toHex(utf8Bytes('Đà Nẵng — €'))).to.equal(Buffer.from('Đà Nẵng — €', 'utf8').toString('hex'));
  });
});
