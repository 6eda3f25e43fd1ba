import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import type { Db } from "./client.js";
import { createTableInput } from "./table.js";

/** Creates the table from the one definition when it does not exist (local and tests only). */
export async function ensureTable(db: Db): Promise<"created" | "exists"> {
  try {
    await db.doc.send(new DescribeTableCommand({ TableName: db.tableName }));
    return "exists";
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await db.doc.send(new CreateTableCommand(createTableInput(db.tableName)));
  await waitUntilTableExists({ client: db.doc, maxWaitTime: 30 }, { TableName: db.tableName });
  return "created";
}

export async function dropTable(db: Db): Promise<void> {
  try {
    await db.doc.send(new DeleteTableCommand({ TableName: db.tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
}

/** The health check: a real round trip to the table. */
export async function pingTable(db: Db): Promise<boolean> {
  try {
    const result = await db.doc.send(new DescribeTableCommand({ TableName: db.tableName }));
    return result.Table?.TableStatus === "ACTIVE";
  } catch {
    return false;
  }
}
