import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";
import { handle } from "hono/aws-lambda";
import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { depsFromConfig } from "./deps-from-config.js";
import { resolveSecretEnv } from "./secrets.js";

type Handler = ReturnType<typeof handle>;
let ready: Promise<Handler> | undefined;

/** Config is validated once per container; a bad variable fails the cold start with its name. */
async function build(): Promise<Handler> {
  const config = loadConfig(await resolveSecretEnv(process.env));
  return handle(createApp(depsFromConfig(config)));
}

export const handler = async (event: LambdaEvent, context: LambdaContext) => {
  ready ??= build().catch((error) => {
    ready = undefined;
    throw error;
  });
  return (await ready)(event, context);
};
