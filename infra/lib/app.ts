import { App, type AppProps, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
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
    description: `OneDoor (一门通) ${config.stage}: API, jobs, table, buckets, web build, alarms`,
    terminationProtection: config.isProduction,
    // Account and region come from the caller's AWS profile at deploy time; synth needs neither.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  // cdk-nag's AWS Solutions rules check every synth (cdk synth, diff, deploy and the tests): an
  // unacknowledged finding fails it, listed in cdk.out/policy-validation-report.json.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, config, stack };
}
