import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "functions/src/**/*.test.ts",
      "miniapp/src/**/*.test.ts",
      "infra/test/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "**/dist/**", "test/load/**"],
    globalSetup: ["test/setup/global-setup.ts"],
    reporters: ["default", "./test/setup/summary-reporter.ts"],
    environment: "node",
    pool: "forks",
    // Three test files at once even on 2 cores: much of the suite waits (browsers, DynamoDB Local
    // in its own JVM, the legal browser test's real-time wait for a consultation to start), and
    // the run took 450 s with the default against 245 s with 3 (same machine, all green).
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
