import { DataSource, type DataSourceOptions } from 'typeorm';
import { AuditChainVerifier, type ChainVerdict } from './audit-chain';
import { fromAuditChainRow, type AuditChainRow } from './audit-record.row';

const BATCH = 1000;

/**
 * Walks the whole chain in chain order, in one REPEATABLE READ snapshot (rows sealed meanwhile are neither seen
 * nor mistaken for a break), each link with the record it seals, and compares its end with the chain head. Then
 * looks for records that are neither chained nor waiting to be (ADR 0025); `waiting` counts those still queued.
 */
export async function verifyAuditChain(dataSource: DataSource): Promise<ChainVerdict> {
  return dataSource.transaction('REPEATABLE READ', async (manager) => {
    const [head] = (await manager.query(`SELECT "seq", "hash" FROM "audit_chain_head" WHERE "chain" = 'main'`)) as { seq: string; hash: string }[];
    const verifier = new AuditChainVerifier();
    let after = 0;
    for (;;) {
      const rows = (await manager.query(
        `SELECT r.*, c."seq" AS "chain_seq", c."record_seq", c."prev_hash", c."hash"
           FROM "audit_chain" c LEFT JOIN "audit_record" r ON r."seq" = c."record_seq"
          WHERE c."seq" > $1 ORDER BY c."seq" LIMIT ${BATCH}`,
        [after],
      )) as (AuditChainRow & { record_seq: string })[];
      let going = true;
      for (const row of rows) {
        going = row.id === null ? verifier.missing(Number(row.chain_seq), Number(row.record_seq)) : verifier.push(fromAuditChainRow(row));
        if (!going) break;
      }
      const last = rows.at(-1);
      if (!going || !last || rows.length < BATCH) break;
      after = Number(last.chain_seq);
    }
    const verdict = verifier.finish(head ? { seq: Number(head.seq), hash: head.hash } : { seq: -1, hash: '' });
    if (!verdict.intact) return verdict;
    const [orphan] = (await manager.query(
      `SELECT r."seq" FROM "audit_record" r
        WHERE NOT EXISTS (SELECT 1 FROM "audit_chain" c WHERE c."record_seq" = r."seq") AND NOT EXISTS (SELECT 1 FROM "audit_unsealed" u WHERE u."record_seq" = r."seq")
        ORDER BY r."seq" LIMIT 1`,
    )) as { seq: string }[];
    if (orphan) {
      return { intact: false, rows: verdict.rows, kind: 'unsealed', seq: Number(orphan.seq), detail: `record ${orphan.seq} is neither in the chain nor waiting to be sealed: its queue entry was deleted` };
    }
    const [{ waiting }] = (await manager.query(`SELECT count(*)::int AS "waiting" FROM "audit_unsealed"`)) as [{ waiting: number }];
    return { ...verdict, waiting };
  });
}

export function describeVerdict(v: ChainVerdict): string {
  return v.intact ? `audit chain intact: ${v.rows} rows, last seq ${v.lastSeq}, hash ${v.lastHash}; ${v.waiting ?? 0} waiting to be sealed` : `audit chain BROKEN at ${v.kind === 'unsealed' ? 'record' : 'seq'} ${v.seq} (${v.kind}): ${v.detail}; ${v.rows} rows verified before it`;
}

/**
 * `main.js audit verify`: prints the verdict; a broken chain is an error, so the process exits non-zero
 * (runServiceMain prints the message and exits 1).
 */
export function auditCommand(options: () => DataSourceOptions): (args: string[]) => Promise<string> {
  return async ([sub]) => {
    if (sub !== 'verify') throw new Error('usage: main.js audit verify');
    const dataSource = new DataSource({ ...options(), extra: { max: 1 } });
    await dataSource.initialize();
    try {
      const verdict = await verifyAuditChain(dataSource);
      if (!verdict.intact) throw new Error(describeVerdict(verdict));
      return describeVerdict(verdict);
    } finally {
      await dataSource.destroy();
    }
  };
}
