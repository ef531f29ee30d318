import {
  KAFKA_ADMIN_PRINCIPAL,
  KAFKA_PRINCIPALS,
  kafkaSaslFromEnv,
  type KafkaAclOperation,
  type KafkaAclResourceType,
  type KafkaAclRule,
} from '@massage/contracts';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  ResourcePatternTypes,
  logLevel,
  type AclEntry,
} from 'kafkajs';

const RESOURCE_TYPES: Record<KafkaAclResourceType, AclResourceTypes> = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  cluster: AclResourceTypes.CLUSTER,
};
const OPERATIONS: Record<KafkaAclOperation, AclOperationTypes> = {
  read: AclOperationTypes.READ,
  write: AclOperationTypes.WRITE,
  describe: AclOperationTypes.DESCRIBE,
  'idempotent-write': AclOperationTypes.IDEMPOTENT_WRITE,
};

/** A catalogue rule as the ALLOW entry Kafka stores. */
export function toAclEntry(rule: KafkaAclRule): AclEntry {
  return {
    principal: `User:${rule.principal}`,
    host: '*',
    resourceType: RESOURCE_TYPES[rule.resourceType],
    resourceName: rule.resourceName,
    resourcePatternType: rule.patternType === 'prefixed' ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
    operation: OPERATIONS[rule.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

const entryKey = (e: AclEntry): string =>
  [e.principal, e.host, e.resourceType, e.resourceName, e.resourcePatternType, e.operation, e.permissionType].join('|');

export interface EnsureAclsReport {
  readonly created: AclEntry[];
  readonly deleted: AclEntry[];
  readonly unchanged: number;
}

/**
 * Makes the broker's ACLs for the system's principals (all but admin, a super user) exactly `rules`:
 * missing entries are created, entries of those principals that the rules no longer name are
 * deleted. ACLs of other principals are left alone. Needs a super user's login (KAFKA_SASL_*).
 */
export async function ensureKafkaAcls(
  brokers: string[],
  rules: readonly KafkaAclRule[],
  clientId = 'massage-ensure-acls',
): Promise<EnsureAclsReport> {
  const admin = new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) }).admin();
  await admin.connect();
  try {
    const managed = new Set(KAFKA_PRINCIPALS.filter((p) => p !== KAFKA_ADMIN_PRINCIPAL).map((p) => `User:${p}`));
    const existing = new Map<string, AclEntry>();
    const described = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    for (const { acls, ...resource } of described.resources) {
      for (const acl of acls) {
        if (!managed.has(acl.principal)) continue;
        const entry: AclEntry = { ...resource, ...acl };
        existing.set(entryKey(entry), entry);
      }
    }
    const wanted = new Map(rules.map((rule) => [entryKey(toAclEntry(rule)), toAclEntry(rule)]));
    const created = [...wanted].filter(([key]) => !existing.has(key)).map(([, entry]) => entry);
    const deleted = [...existing].filter(([key]) => !wanted.has(key)).map(([, entry]) => entry);
    if (created.length > 0) await admin.createAcls({ acl: created });
    if (deleted.length > 0) await admin.deleteAcls({ filters: deleted });
    return { created, deleted, unchanged: wanted.size - created.length };
  } finally {
    await admin.disconnect();
  }
}

/** `User:analyst ALLOW read topic intake.events.v1`: one line per entry, for scripts. */
export function describeAclEntry(entry: AclEntry): string {
  const name = (values: object, value: number): string =>
    (Object.entries(values).find(([, v]) => v === value)?.[0] ?? String(value)).toLowerCase();
  const prefixed = entry.resourcePatternType === ResourcePatternTypes.PREFIXED ? ' (prefix)' : '';
  return `${entry.principal} ALLOW ${name(AclOperationTypes, entry.operation)} ${name(AclResourceTypes, entry.resourceType)} ${entry.resourceName}${prefixed}`;
}
