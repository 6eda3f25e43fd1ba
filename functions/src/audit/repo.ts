import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "../db/client.js";
import { decodeCursor, encodeCursor, keys, withoutKeys } from "../db/keys.js";

export interface AuditEntry {
  id: string;
  communityId: string;
  at: string;
  actorId: string;
  actorRole: string;
  /** What was done, e.g. `resident.verify`. */
  action: string;
  /** The resident on whose behalf or about whom it was done. */
  subjectUserId: string | null;
  target: string | null;
  /** Never phone or ID numbers. */
  details: Record<string, string | number | boolean | null>;
}

/** The Put of an audit entry, to go into the same transaction as the action it records. */
export function auditPut(db: Db, entry: AuditEntry) {
  return {
    Put: {
      TableName: db.tableName,
      Item: {
        ...keys.audit(entry.communityId, entry.at, entry.id),
        ...(entry.subjectUserId ? keys.auditBySubjectGsi(entry.subjectUserId, entry.at, entry.id) : {}),
        entity: "Audit",
        ...entry,
      },
      ConditionExpression: "attribute_not_exists(PK)",
    },
  };
}

/** A community's audit log, newest first. */
export async function listCommunityAudit(db: Db, communityId: string, limit: number, cursor?: string) {
  const partition = keys.audit(communityId, "", "").PK;
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": partition },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, { attributes: ["PK", "SK"], partition: ["PK", partition] }),
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => withoutKeys(item) as unknown as AuditEntry),
    nextCursor: encodeCursor(result.LastEvaluatedKey),
  };
}

export interface AuditInput {
  communityId: string;
  actor: { id: string; roles: string[] };
  action: string;
  subjectUserId?: string | null;
  target?: string | null;
  details?: AuditEntry["details"];
}

export function buildAudit(id: string, at: string, input: AuditInput): AuditEntry {
  return {
    id,
    communityId: input.communityId,
    at,
    actorId: input.actor.id,
    actorRole: input.actor.roles.includes("admin")
      ? "admin"
      : input.actor.roles.includes("staff")
        ? "staff"
        : input.actor.roles.includes("lawyer")
          ? "lawyer"
          : "resident",
    action: input.action,
    subjectUserId: input.subjectUserId ?? null,
    target: input.target ?? null,
    details: input.details ?? {},
  };
}
