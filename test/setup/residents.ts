import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { newResident } from "../../functions/src/auth/service.js";
import { issueToken } from "../../functions/src/auth/tokens.js";
import { keys } from "../../functions/src/db/keys.js";
import { DEMO_COMMUNITY } from "../../functions/src/demo/data.js";
import type { TestStack } from "./harness.js";

export interface TestResident {
  id: string;
  token: string;
}

/**
 * Many verified residents of the demo community at once (for races): profiles written straight
 * into the table, tokens signed with the stack's key.
 */
export async function addVerifiedResidents(
  stack: TestStack,
  count: number,
  prefix: string,
): Promise<TestResident[]> {
  const { db, config } = stack.deps;
  const now = stack.clock.now();
  const residents: TestResident[] = [];
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const id = `u-${prefix}-${i}`;
    const profile = {
      ...newResident(id, `${prefix}-${i}`, `${prefix}${i}`, now.toISOString()),
      communityId: DEMO_COMMUNITY.id,
      householdCount: 1,
    };
    items.push({ ...keys.user(id), entity: "User", ...profile });
    const { token } = await issueToken(config.JWT_SECRET, id, 90 * 24 * 3600, now);
    residents.push({ id, token });
  }
  for (let i = 0; i < items.length; i += 25) {
    await db.doc.send(
      new BatchWriteCommand({
        RequestItems: { [db.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
  return residents;
}
