import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import type { Api } from "./api.js";
import type { AppFunction } from "./app-function.js";
import type { StageConfig } from "./config.js";
import type { Jobs } from "./jobs.js";
import type { Web } from "./web.js";

/** The metrics functions/src/jobs/metrics.ts writes (embedded metric format), by name. */
export const JOB_METRICS = {
  namespace: "OneDoor",
  runs: "JobRuns",
  failures: "JobFailures",
  backlogAge: "OutboxBacklogAgeSeconds",
} as const;

/** The item operations the app uses (TransactWriteItems included), for throttles and system errors. */
const TABLE_OPERATIONS = [
  dynamodb.Operation.GET_ITEM,
  dynamodb.Operation.BATCH_GET_ITEM,
  dynamodb.Operation.QUERY,
  dynamodb.Operation.PUT_ITEM,
  dynamodb.Operation.UPDATE_ITEM,
  dynamodb.Operation.DELETE_ITEM,
  dynamodb.Operation.BATCH_WRITE_ITEM,
  dynamodb.Operation.TRANSACT_WRITE_ITEMS,
];

export interface MonitoringProps {
  readonly config: StageConfig;
  readonly table: dynamodb.Table;
  readonly api: Api;
  readonly jobs: Jobs;
  readonly web: Web;
}

/**
 * The alarm topic (its subscribers from `--context alarmEmails=…`), the alarms when the stage has
 * them (prod, or `--context alarms=true`), and one dashboard. Each alarm says in its description
 * what it means and where to look first; the thresholds are explained in infra/README.md.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { config, table, api, jobs, web } = props;
    this.stage = config.stage;

    this.topic = new sns.Topic(this, "AlarmTopic", {
      topicName: `onedoor-${config.stage}-alarms`,
      displayName: `OneDoor ${config.stage} alarms`,
      enforceSSL: true,
    });
    for (const email of config.alarmEmails)
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));

    const fiveMinutes = Duration.minutes(5);
    const apiRequests = api.httpApi.metricCount({ period: fiveMinutes, statistic: "Sum" });
    const api5xx = api.httpApi.metricServerError({ period: fiveMinutes, statistic: "Sum" });
    const api4xx = api.httpApi.metricClientError({ period: fiveMinutes, statistic: "Sum" });
    const apiP99 = api.httpApi.metricLatency({ period: fiveMinutes, statistic: "p99" });
    // Fewer than 20 requests in five minutes is too few for a rate: one error would be 5 %.
    const api5xxRate = new cloudwatch.MathExpression({
      expression: "IF(requests >= 20, 100 * errors / requests, 0)",
      usingMetrics: { requests: apiRequests, errors: api5xx },
      period: fiveMinutes,
      label: "5xx %",
    });
    const throttles = new cloudwatch.MathExpression({
      expression: "throttled",
      usingMetrics: {
        throttled: table.metricThrottledRequestsForOperations({
          operations: TABLE_OPERATIONS,
          period: fiveMinutes,
        }),
      },
      period: fiveMinutes,
      label: "throttled requests",
    });
    const systemErrors = table.metricSystemErrorsForOperations({
      operations: TABLE_OPERATIONS,
      period: fiveMinutes,
    });
    const jobRuns = this.jobMetric(JOB_METRICS.runs, "Sum", Duration.minutes(10));
    const jobFailures = this.jobMetric(JOB_METRICS.failures, "Sum", fiveMinutes);
    const backlogAge = this.jobMetric(JOB_METRICS.backlogAge, "Maximum", fiveMinutes);

    if (config.alarms) {
      this.alarm("api-5xx-rate", api5xxRate, {
        threshold: 1,
        periods: 2,
        description:
          "1 % or more of API requests failed with a 5xx for 10 minutes (at least 20 requests per 5 minutes). Look at the API function's error lines (level=error) and its Lambda errors.",
      });
      this.alarm("api-latency-p99", apiP99, {
        threshold: 2500,
        periods: 3,
        description:
          "The slowest 1 % of API requests took over 2.5 s for 15 minutes (normal: well under 0.5 s; a cold start is about 1 s). Check DynamoDB latency and throttles and the WeChat login calls.",
      });
      this.functionAlarms("api", api.function, { errors: 3 });
      this.functionAlarms("jobs", jobs.function, { errors: 2 });
      this.alarm("table-throttles", throttles, {
        threshold: 10,
        periods: 1,
        description:
          "DynamoDB throttled 10 or more requests in 5 minutes (on-demand tables throttle on sudden jumps above twice the previous peak). Residents saw retries or 5xx.",
      });
      this.alarm("table-system-errors", systemErrors, {
        threshold: 5,
        periods: 1,
        description:
          "DynamoDB answered 5 or more requests with a 500 in 5 minutes: check the AWS Health Dashboard.",
      });
      this.alarm("jobs-failing", jobFailures, {
        threshold: 3,
        periods: 1,
        description:
          "Scheduled jobs failed 3 or more times in 5 minutes (one job failing in most runs). The jobs function's log has a 'job failed' line with the job and the error.",
      });
      this.alarm("jobs-not-running", jobRuns, {
        threshold: 5,
        comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        periods: 1,
        missing: cloudwatch.TreatMissingData.BREACHING,
        description:
          "Fewer than 5 of the 10 one-minute job runs finished in 10 minutes: reminders, vote closing and scheduled notices are stalled. Check the EventBridge rule and the jobs function's errors (a bad configuration fails every cold start).",
      });
      this.alarm("outbox-backlog-age", backlogAge, {
        threshold: 900,
        periods: 2,
        description:
          "A due reminder or push has waited 15 minutes or more, twice in a row: the outbox job is stalled or cannot keep up (a WeChat outage shows instead as 'outbox entry failed' error lines, after backoff). Look at the jobs log's outbox summary.",
      });
    }

    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: `onedoor-${config.stage}`,
      defaultInterval: Duration.hours(6),
    });
    const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []) =>
      new cloudwatch.GraphWidget({ title, left, right, width: 8, height: 6 });
    const lambdaRow = (name: string, fn: AppFunction) => [
      graph(
        `${name} function: invocations, errors, throttles`,
        [fn.handler.metricInvocations(), fn.handler.metricErrors(), fn.handler.metricThrottles()].map(
          (metric) => metric.with({ period: fiveMinutes, statistic: "Sum" }),
        ),
      ),
      graph(`${name} function: duration p50 / p99 (ms)`, [
        fn.handler.metricDuration({ period: fiveMinutes, statistic: "p50" }),
        fn.handler.metricDuration({ period: fiveMinutes, statistic: "p99" }),
      ]),
    ];
    this.dashboard.addWidgets(
      graph("API requests, 4xx, 5xx", [apiRequests, api4xx, api5xx], [api5xxRate]),
      graph("API latency p50 / p99 (ms)", [
        api.httpApi.metricLatency({ period: fiveMinutes, statistic: "p50" }),
        apiP99,
      ]),
      new cloudwatch.AlarmStatusWidget({ title: "Alarms", alarms: this.alarms, width: 8, height: 6 }),
    );
    this.dashboard.addWidgets(
      ...lambdaRow("API", api.function),
      graph("Table: consumed read / write units", [
        table.metricConsumedReadCapacityUnits({ period: fiveMinutes, statistic: "Sum" }),
        table.metricConsumedWriteCapacityUnits({ period: fiveMinutes, statistic: "Sum" }),
      ]),
    );
    this.dashboard.addWidgets(
      ...lambdaRow("Jobs", jobs.function),
      graph("Table: throttled requests", [throttles]),
    );
    this.dashboard.addWidgets(
      graph("Table: system errors", [systemErrors]),
      graph("Job runs and failures", [jobRuns.with({ period: fiveMinutes }), jobFailures]),
      graph("Outbox: oldest due message waiting (s)", [backlogAge]),
    );
    this.dashboard.addWidgets(
      graph("Web (CloudFront): requests, error rates", [
        this.cloudFrontMetric(web, "Requests", "Sum"),
        this.cloudFrontMetric(web, "4xxErrorRate", "Average"),
        this.cloudFrontMetric(web, "5xxErrorRate", "Average"),
      ]),
      new cloudwatch.LogQueryWidget({
        title: "Latest errors (API and jobs)",
        logGroupNames: [api.function.logGroup.logGroupName, jobs.function.logGroup.logGroupName],
        queryLines: [
          "fields @timestamp, message, errorName, errorMessage, path, status, job, error, apiRequestId",
          'filter level = "error"',
          "sort @timestamp desc",
          "limit 50",
        ],
        width: 16,
        height: 6,
      }),
    );
  }

  private jobMetric(metricName: string, statistic: string, period: Duration): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: JOB_METRICS.namespace,
      metricName,
      dimensionsMap: { Stage: this.stage },
      statistic,
      period,
    });
  }

  /** CloudFront publishes its metrics in us-east-1 only, with Region=Global. */
  private cloudFrontMetric(web: Web, metricName: string, statistic: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: "AWS/CloudFront",
      metricName,
      dimensionsMap: { DistributionId: web.distribution.distributionId, Region: "Global" },
      region: "us-east-1",
      statistic,
      period: Duration.minutes(5),
    });
  }

  /** Lambda errors (crashes and timeouts: the app answers its own errors with a 5xx) and throttles. */
  private functionAlarms(name: string, fn: AppFunction, thresholds: { errors: number }) {
    this.alarm(
      `${name}-lambda-errors`,
      fn.handler.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }),
      {
        threshold: thresholds.errors,
        periods: 1,
        description: `The ${name} function crashed or timed out ${thresholds.errors} or more times in 5 minutes. Its log group has the stack trace.`,
      },
    );
    this.alarm(
      `${name}-lambda-throttles`,
      fn.handler.metricThrottles({ period: Duration.minutes(5), statistic: "Sum" }),
      {
        threshold: 1,
        periods: 1,
        description: `Lambda refused to run the ${name} function at least once in 5 minutes: the account's concurrency limit is reached (new accounts may have only 10). Ask AWS for more.`,
      },
    );
  }

  private alarm(
    name: string,
    metric: cloudwatch.IMetric,
    options: {
      threshold: number;
      periods: number;
      description: string;
      comparison?: cloudwatch.ComparisonOperator;
      missing?: cloudwatch.TreatMissingData;
    },
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, `Alarm-${name}`, {
      alarmName: `onedoor-${this.stage}-${name}`,
      alarmDescription: options.description,
      metric,
      threshold: options.threshold,
      comparisonOperator:
        options.comparison ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: options.periods,
      datapointsToAlarm: options.periods,
      treatMissingData: options.missing ?? cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}
