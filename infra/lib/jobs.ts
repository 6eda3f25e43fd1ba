import { join } from "node:path";
import { Duration, type RemovalPolicy } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { APP_BUNDLING, appEnvironment, grantAppAccess, NODE_RUNTIME } from "./api.js";
import type { StageConfig } from "./config.js";
import { functionsDir, lockFile } from "./paths.js";
import type { Secrets } from "./secrets.js";

export interface JobsProps {
  readonly config: StageConfig;
  readonly table: dynamodb.ITable;
  readonly secrets: Secrets;
  /** Named in the environment only (the config requires it); the jobs never read or write images. */
  readonly uploads: s3.IBucket;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The scheduled jobs (functions/src/jobs/run.ts: outbox delivery, and each feature's own) in one
 * function, run every minute. An EventBridge rule rather than EventBridge Scheduler: a fixed
 * rate needs no time zone or one-off schedules, and the rule invokes through the function's
 * resource policy, with no extra role to manage.
 */
export class Jobs extends Construct {
  readonly handler: nodejs.NodejsFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    const { config, table, secrets, uploads } = props;
    const functionName = `onedoor-${config.stage}-jobs`;

    const logGroup = new logs.LogGroup(this, "HandlerLogs", {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: config.isProduction ? logs.RetentionDays.THREE_MONTHS : logs.RetentionDays.ONE_WEEK,
      removalPolicy: props.removalPolicy,
    });

    this.handler = new nodejs.NodejsFunction(this, "Handler", {
      functionName,
      description: `OneDoor ${config.stage} scheduled jobs (outbox, no-shows, votes…)`,
      entry: join(functionsDir, "src/jobs-lambda.ts"),
      handler: "handler",
      depsLockFilePath: lockFile,
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      // A run takes at most 200 outbox entries (seconds of WeChat calls) and should end before the
      // next minute's; overlapping runs are safe anyway (every entry is claimed with a lease).
      timeout: Duration.seconds(55),
      // A failed run is not retried: the next minute's run picks up whatever is still due.
      retryAttempts: 0,
      logGroup,
      environment: {
        ...appEnvironment(config, table, secrets, uploads),
        WECHAT_SUBSCRIBE_TEMPLATES: config.wechatSubscribeTemplates,
        WECHAT_MINIPROGRAM_STATE: config.wechatMiniprogramState,
      },
      bundling: APP_BUNDLING,
    });
    grantAppAccess(this.handler, table, secrets);

    this.rule = new events.Rule(this, "EveryMinute", {
      ruleName: `onedoor-${config.stage}-jobs`,
      description: `OneDoor ${config.stage}: run the scheduled jobs`,
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [
        new targets.LambdaFunction(this.handler, {
          // A run that could not start within two minutes is superseded by later ones.
          maxEventAge: Duration.minutes(2),
          retryAttempts: 2,
        }),
      ],
    });
  }
}
