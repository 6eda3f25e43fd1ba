import { randomBytes } from "node:crypto";
import { localEndpoint } from "./harness.js";
import { type LocalStack, spawnLocalStack } from "./spawn-stack.js";

export type { LocalStack };

/**
 * The black-box stack for tests: `npm start`'s entry against a fresh, seeded table in the test
 * run's DynamoDB Local, API under /api and the H5 build under /.
 */
export function startLocalStack(
  options: {
    port?: number;
    /** More environment for the stack, e.g. ONEDOOR_TEST_CLOCK=1 for a clock tests can move. */
    env?: Record<string, string>;
  } = {},
): Promise<LocalStack> {
  return spawnLocalStack({
    port: options.port,
    env: {
      DYNAMODB_ENDPOINT: localEndpoint(),
      TABLE_NAME: `stack-${Date.now()}-${randomBytes(3).toString("hex")}`,
      JWT_SECRET: randomBytes(32).toString("hex"),
      AUTH_RATE_LIMIT_PER_MINUTE: "100000",
      CREATE_RATE_LIMIT_PER_USER_PER_MINUTE: "100000",
      CREATE_RATE_LIMIT_PER_IP_PER_MINUTE: "1000000",
      ...options.env,
    },
  });
}
