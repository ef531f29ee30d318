import { AuditChainVerifier, auditRowHash, canonicalAuditRow, GENESIS_HASH, type AuditRowContent, type ChainedAuditRow } from './audit-chain';

const content = (seq: number): AuditRowContent => ({
  seq,
  id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
  recordedAt: new Date(Date.UTC(2026, 10, 30, 12, 0, seq)),
  actorSubject: 'therapist-7',
  actorRole: 'therapist',
  actorLocation: 'downtown',
  action: 'read',
  operation: 'intake.read',
  resourceType: 'intake',
  resourceId: null,
  clientId: null,
  locationId: 'downtown',
  outcome: 'allowed',
  reason: null,
  correlationId: null,
});

function chain(n: number): ChainedAuditRow[] {
  const rows: ChainedAuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq += 1) {
    const c = content(seq);
    const hash = auditRowHash(prev, c);
    rows.push({ ...c, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

/** rows[i], failing the test when it is missing. */
function at(rows: readonly ChainedAuditRow[], i: number): ChainedAuditRow {
  const row = rows[i];
  if (!row) throw new Error(`no row at ${i}`);
  return row;
}

const verify = (rows: ChainedAuditRow[], head = { seq: rows.at(-1)?.seq ?? 0, hash: rows.at(-1)?.hash ?? GENESIS_HASH }) => {
  const v = new AuditChainVerifier();
  for (const r of rows) if (!v.push(r)) break;
  return v.finish(head);
};

describe('audit hash chain', () => {
  it('hashes the canonical row it always hashed (rows chained before ADR 0025 keep verifying)', () => {
    const first = content(1);
    expect(canonicalAuditRow(first)).toBe(
      '[1,"00000000-0000-4000-8000-000000000001","2026-11-30T12:00:01.000Z","therapist-7","therapist","downtown","read","intake.read","intake",null,null,"downtown","allowed",null,null]',
    );
    expect(auditRowHash(GENESIS_HASH, first)).toBe('2147a8392cd6bf9697b5000b07f0aacc48c9ed35ba912fa72ff1df135e6ea335');
  });

  it('accepts an intact chain and an empty one', () => {
    expect(verify(chain(5))).toMatchObject({ intact: true, rows: 5, lastSeq: 5 });
    expect(verify([])).toMatchObject({ intact: true, rows: 0, lastSeq: 0 });
  });

  it('finds an altered row by its content', () => {
    const rows = chain(5);
    rows[2] = { ...at(rows, 2), outcome: 'refused' };
    expect(verify(rows)).toMatchObject({ intact: false, kind: 'altered', seq: 3, rows: 2 });
  });

  it('finds a row rewritten with a fresh hash at the next link', () => {
    const rows = chain(5);
    const forged = { ...content(3), actorSubject: 'someone-else' };
    rows[2] = { ...forged, prevHash: at(rows, 1).hash, hash: auditRowHash(at(rows, 1).hash, forged) };
    expect(verify(rows)).toMatchObject({ intact: false, kind: 'unlinked', seq: 4 });
  });

  it('finds a deleted row as a gap', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verify(rows)).toMatchObject({ intact: false, kind: 'gap', seq: 2 });
  });

  it('reports a link whose record is gone as a gap at that link', () => {
    const v = new AuditChainVerifier();
    for (const r of chain(2)) v.push(r);
    expect(v.missing(3, 17)).toBe(false);
    expect(v.finish({ seq: 3, hash: GENESIS_HASH })).toMatchObject({ intact: false, kind: 'gap', seq: 3, rows: 2 });
  });

  it('finds deleted newest rows against the chain head', () => {
    const rows = chain(5);
    const head = { seq: 5, hash: at(rows, 4).hash };
    expect(verify(rows.slice(0, 3), head)).toMatchObject({ intact: false, kind: 'truncated', seq: 4 });
  });
});
