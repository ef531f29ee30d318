import { DataSource, type DataSourceOptions } from 'typeorm';
import { AuditChainVerifier, type ChainVerdict } from './audit-chain';
import { fromAuditRow, type AuditRecordRow } from './audit-record.row';

const BATCH = 1000;

/**
 * Walks the whole chain in `seq` order, in one REPEATABLE READ snapshot (rows appended meanwhile are
 * neither seen nor mistaken for a break), and compares its end with the chain head.
 */
export async function verifyAuditChain(dataSource: DataSource): Promise<ChainVerdict> {
  return dataSource.transaction('REPEATABLE READ', async (manager) => {
    const [head] = (await manager.query(`SELECT "seq", "hash" FROM "audit_chain_head" WHERE "chain" = 'main'`)) as { seq: string; hash: string }[];
    const verifier = new AuditChainVerifier();
    let after = 0;
    for (;;) {
      const rows = (await manager.query(`SELECT * FROM "audit_record" WHERE "seq" > $1 ORDER BY "seq" LIMIT ${BATCH}`, [after])) as AuditRecordRow[];
      let going = true;
      for (const row of rows) {
        going = verifier.push(fromAuditRow(row));
        if (!going) break;
      }
      const last = rows.at(-1);
      if (!going || !last || rows.length < BATCH) break;
      after = Number(last.seq);
    }
    return verifier.finish(head ? { seq: Number(head.seq), hash: head.hash } : { seq: -1, hash: '' });
  });
}

export function describeVerdict(v: ChainVerdict): string {
  return v.intact ? `audit chain intact: ${v.rows} rows, last seq ${v.lastSeq}, hash ${v.lastHash}` : `audit chain BROKEN at seq ${v.seq} (${v.kind}): ${v.detail}; ${v.rows} rows verified before it`;
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
