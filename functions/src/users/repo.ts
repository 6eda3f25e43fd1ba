import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "../db/client.js";
import { cancelledConditionIndexes } from "../db/errors.js";
import { keys, withoutKeys } from "../db/keys.js";
import type { UserProfile } from "./schemas.js";

/** Get a user profile by id. */
export async function getUser(db: Db, userId: string): Promise<UserProfile | null> {
  const result = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.user(userId) }));
  // Fields added after a user was stored get their empty defaults.
  return result.Item
    ? ({
        staffCommunityIds: [],
        lawyerCommunityIds: [],
        ...withoutKeys(result.Item),
      } as unknown as UserProfile)
    : null;
}

/** Resolve a WeChat openid to a user id. */
export async function getUserIdByOpenid(db: Db, openid: string): Promise<string | null> {
  const result = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.openid(openid), ConsistentRead: true }),
  );
  return (result.Item?.userId as string | undefined) ?? null;
}

/**
 * Creates the user and claims the openid in one transaction, so two simultaneous first logins
 * of one WeChat account create one user. Returns null when the openid was claimed meanwhile.
 */
export async function createUser(db: Db, user: UserProfile): Promise<UserProfile | null> {
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: db.tableName,
              Item: { ...keys.openid(user.openid), userId: user.id, createdAt: user.createdAt },
              ConditionExpression: "attribute_not_exists(PK)",
            },
          },
          {
            Put: {
              TableName: db.tableName,
              Item: { ...keys.user(user.id), entity: "User", ...user },
              ConditionExpression: "attribute_not_exists(PK)",
            },
          },
        ],
      }),
    );
    return user;
  } catch (error) {
    // Only a claimed openid means another login won; a conflict or any other failure is an error.
    if (cancelledConditionIndexes(error)?.includes(0)) return null;
    throw error;
  }
}
