import { Duration, type RemovalPolicy } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { AppFunction } from "./app-function.js";
import type { StageConfig } from "./config.js";
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
 * The jobs the runner runs, in order, as functions/src/jobs/run.ts lists them (a test keeps the two
 * equal; importing that module here would load the whole app into every synth).
 */
export const JOB_NAMES = ["window-no-shows", "deliberation-votes", "notices", "case-escalation", "outbox"];

/**
 * The scheduled jobs in one function, run every minute by one EventBridge rule: window no-shows,
 * closing deliberation votes, publishing and archiving notices, then the outbox (reminders and
 * WeChat pushes, which the others write to, so it runs last). One runner rather than a function
 * per job: every job is a few queries when idle, one cold start serves them all, and the outbox
 * sees what the other jobs wrote in the same minute. A rule rather than EventBridge Scheduler:
 * a fixed rate needs no time zone or one-off schedules, and the rule invokes through the
 * function's resource policy, with no extra role to manage.
 */
export class Jobs extends Construct {
  readonly function: AppFunction;
  readonly handler: AppFunction["handler"];
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    const { config } = props;

    this.function = new AppFunction(this, {
      ...props,
      name: "jobs",
      description: `OneDoor ${config.stage} scheduled jobs: ${JOB_NAMES.join(", ")}`,
      entry: "src/jobs-lambda.ts",
      memorySize: 512,
      // A run takes at most 200 outbox entries (seconds of WeChat calls) and should end before the
      // next minute's; overlapping runs are safe anyway (every entry is claimed with a lease).
      timeout: Duration.seconds(55),
      // A failed run is not retried: the next minute's run picks up whatever is still due.
      retryAttempts: 0,
      environment: {
        WECHAT_SUBSCRIBE_TEMPLATES: config.wechatSubscribeTemplates,
        WECHAT_MINIPROGRAM_STATE: config.wechatMiniprogramState,
      },
    });
    this.handler = this.function.handler;

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
