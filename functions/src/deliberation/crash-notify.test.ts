/**
 * A crash right after a topic moves must not leave the proposer untold: the message commits in
 * the same transaction as the move. The "crash" is a database client that fails every call after
 * the one that wrote the move.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStack, type TestStack } from "../../../test/setup/harness.js";
import type { AppDeps } from "../deps.js";
import { getUser } from "../users/repo.js";
import type { UserProfile } from "../users/schemas.js";
import { moveTopic } from "./actions.js";
import { getTopicBundle } from "./repo.js";
import type { Topic } from "./schemas.js";

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(() => stack.cleanup());

/** Deps whose database dies (every call throws) once a write to `topicId`'s topic item has been sent. */
function crashingAfterTopicWrite(topicId: string): AppDeps {
  const { db } = stack.deps;
  let crashed = false;
  const send = async (command: { input: unknown }) => {
    if (crashed) throw new Error("crashed");
    const result = await db.doc.send(command as never);
    if (JSON.stringify(command.input).includes(`"DELIB#${topicId}","SK":"META"`)) crashed = true;
    return result;
  };
  return {
    ...stack.deps,
    db: { tableName: db.tableName, doc: { send } as unknown as DynamoDBDocumentClient },
  };
}

async function inboxOf(userId: string) {
  const { QueryCommand } = await import("@aws-sdk/lib-dynamodb");
  const result = await stack.deps.db.doc.send(
    new QueryCommand({
      TableName: stack.deps.db.tableName,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": `USER#${userId}#INBOX` },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []) as { kind: string; params: { topicId?: string } }[];
}

describe("deliberation: a crash after a move", () => {
  it("declining a resident's proposal tells the proposer in the same write", async () => {
    const topic = (await getTopicBundle(stack.deps.db, "demo-ebike-parking", true))?.topic as Topic;
    expect(topic.origin).toBe("resident");
    const staff = (await getUser(stack.deps.db, "u-demo-staff-1")) as UserProfile;
    await moveTopic(crashingAfterTopicWrite(topic.id), topic, "rejected", staff, "与消防通道规划冲突").catch(
      () => undefined,
    );
    const after = (await getTopicBundle(stack.deps.db, topic.id, true))?.topic as Topic;
    expect(after.status).toBe("rejected");
    const told = (await inboxOf(topic.createdBy)).filter(
      (m) => m.kind === "deliberation.declined" && m.params.topicId === topic.id,
    );
    expect(told).toHaveLength(1);
  });
});
