import { canonicalJson, requestFingerprint, uploadFingerprint } from './fingerprint';

describe('request fingerprints', () => {
  it('ignore the order of object keys at every level but not the order of arrays', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(requestFingerprint('post', '/x', { a: 1, b: 2 })).toBe(requestFingerprint('POST', '/x', { b: 2, a: 1 }));
    expect(requestFingerprint('POST', '/x', { a: [1, 2] })).not.toBe(requestFingerprint('POST', '/x', { a: [2, 1] }));
  });

  it('differ by path and by body', () => {
    expect(requestFingerprint('POST', '/a', {})).not.toBe(requestFingerprint('POST', '/b', {}));
    expect(requestFingerprint('POST', '/a', { n: 1 })).not.toBe(requestFingerprint('POST', '/a', { n: '1' }));
  });

  it('for uploads depend on the file content and name, not on the row id of each attempt', () => {
    const file = { sha256: 'a'.repeat(64), fileName: 'x.pdf' };
    const a = uploadFingerprint('POST', '/f', { fields: { s: '1' }, file: { ...file, id: 'one' } as typeof file });
    const b = uploadFingerprint('POST', '/f', { fields: { s: '1' }, file: { ...file, id: 'two' } as typeof file });
    expect(a).toBe(b);
    expect(uploadFingerprint('POST', '/f', { fields: { s: '1' }, file: { ...file, sha256: 'b'.repeat(64) } })).not.toBe(a);
    expect(uploadFingerprint('POST', '/f', { fields: { s: '1' }, file: { ...file, fileName: 'y.pdf' } })).not.toBe(a);
  });
});
