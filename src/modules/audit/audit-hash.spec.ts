import { auditDigest, auditHash, canonicalJson, chainHash, GENESIS_HASH, keyedHash } from './audit-hash';

describe('audit hash', () => {
  const base = {
    chainKey: 'o1', seq: 1, organizationId: 'o1', actorUserId: 'u1', onBehalfOfUserId: null, action: 'user.created',
    entityType: 'User', entityId: 'x', data: { b: 1, a: [1, { d: 2, c: 3 }] }, createdAt: '2025-07-07T02:00:00.000Z', prevHash: GENESIS_HASH,
  };

  it('does not depend on the order of keys in the data', () => {
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    expect(auditHash(base)).toBe(auditHash({ ...base, data: { a: [1, { c: 3, d: 2 }], b: 1 } }));
  });

  it('changes when any field or the previous hash changes', () => {
    const h = auditHash(base);
    expect(auditHash({ ...base, action: 'user.updated' })).not.toBe(h);
    expect(auditHash({ ...base, prevHash: 'f'.repeat(64) })).not.toBe(h);
    expect(auditHash({ ...base, data: { b: 2, a: [1, { d: 2, c: 3 }] } })).not.toBe(h);
  });
});

describe('audit chain hash (version 2)', () => {
  const content = { chainKey: 'o1', organizationId: 'o1', actorUserId: 'u1', onBehalfOfUserId: null, action: 'x', entityType: null, entityId: null,
    data: { a: 1 }, createdAt: '2025-07-07T02:00:00.000Z' };

  it('chains the previous hash, the sequence number and the content digest', () => {
    const d = auditDigest(content);
    expect(chainHash(GENESIS_HASH, 1, d)).not.toBe(chainHash(GENESIS_HASH, 2, d));
    expect(chainHash(GENESIS_HASH, 1, d)).not.toBe(chainHash('f'.repeat(64), 1, d));
    expect(auditDigest({ ...content, data: { a: 2 } })).not.toBe(d);
  });
});

describe('audit chain hash (version 3, keyed)', () => {
  const key = Buffer.from('k'.repeat(32));
  const row = {
    id: '42', chainKey: 'o1', seq: 3, organizationId: 'o1', actorUserId: 'u1', onBehalfOfUserId: null, action: 'user.created',
    entityType: 'User', entityId: 'x', data: { a: 1 }, ip: '10.0.0.1', requestId: 'r-1', createdAt: '2025-07-07T02:00:00.000Z', prevHash: GENESIS_HASH,
  };

  it('covers every stored column, the ip and the request id included', () => {
    const h = keyedHash(key, row);
    for (const change of [{ id: '43' }, { ip: '10.0.0.2' }, { requestId: 'r-2' }, { seq: 4 }, { prevHash: 'f'.repeat(64) }, { onBehalfOfUserId: 'u2' }]) {
      expect(keyedHash(key, { ...row, ...change })).not.toBe(h);
    }
  });

  it('cannot be recomputed without the key', () => {
    expect(keyedHash(Buffer.from('x'.repeat(32)), row)).not.toBe(keyedHash(key, row));
    expect(() => keyedHash(Buffer.alloc(0), row)).toThrow('audit key is empty');
  });
});
