import { App, type AppProps } from "aws-cdk-lib";
import { type StageConfig, stageConfigFromContext } from "./config.js";
import { OneDoorStack } from "./onedoor-stack.js";

export interface OneDoorApp {
  readonly app: App;
  readonly config: StageConfig;
  readonly stack: OneDoorStack;
}

/**
 * The CDK app: one stack per stage, `OneDoor-<stage>`, the stage chosen by `--context stage=…`
 * (default dev). Tests build it through here too, with their own context.
 */
export function createOneDoorApp(props: AppProps = {}): OneDoorApp {
  const app = new App(props);
  const config = stageConfigFromContext(app.node);
  const stack = new OneDoorStack(app, `OneDoor-${config.stage}`, {
    config,
    description: `OneDoor (一门通) ${config.stage}: API, jobs, table, image bucket and secrets`,
    terminationProtection: config.isProduction,
    // Account and region come from the caller's AWS profile at deploy time; synth needs neither.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  return { app, config, stack };
}
