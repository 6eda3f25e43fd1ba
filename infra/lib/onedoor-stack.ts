import { CfnOutput, RemovalPolicy, Stack, type StackProps, Tags } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { Api } from "./api.js";
import type { StageConfig } from "./config.js";
import { Data } from "./data.js";
import { Jobs } from "./jobs.js";
import { Monitoring } from "./monitoring.js";
import { acknowledgeFindings } from "./nag.js";
import { Secrets } from "./secrets.js";
import { Storage } from "./storage.js";
import { Web } from "./web.js";

export interface OneDoorStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * One stage of OneDoor: the table, the buckets, the API, the scheduled jobs and their secrets, the
 * web build behind CloudFront, and the alarms and dashboard that watch them.
 */
export class OneDoorStack extends Stack {
  readonly data: Data;
  readonly secrets: Secrets;
  readonly storage: Storage;
  readonly api: Api;
  readonly jobs: Jobs;
  readonly web: Web;
  readonly monitoring: Monitoring;
  readonly config: StageConfig;

  constructor(scope: Construct, id: string, props: OneDoorStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.config = config;
    // Prod keeps its data and secrets if the stack goes; any other stage is disposable.
    const removalPolicy = config.isProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    Tags.of(this).add("project", "onedoor");
    Tags.of(this).add("stage", config.stage);

    this.data = new Data(this, "Data", { config, removalPolicy });
    this.secrets = new Secrets(this, "Secrets", { config, removalPolicy });
    this.storage = new Storage(this, "Storage", { config, removalPolicy });
    this.api = new Api(this, "Api", {
      config,
      table: this.data.table,
      secrets: this.secrets,
      storage: this.storage,
      removalPolicy,
    });
    this.jobs = new Jobs(this, "Jobs", {
      config,
      table: this.data.table,
      secrets: this.secrets,
      uploads: this.storage.bucket,
      removalPolicy,
    });
    this.web = new Web(this, "Web", { config, api: this.api, storage: this.storage, removalPolicy });
    // The web build uploads notice images straight to the bucket from the distribution's origin.
    this.storage.allowBrowserOrigins([
      `https://${this.web.distribution.distributionDomainName}`,
      ...(config.webDomain ? [`https://${config.webDomain.domainName}`] : []),
    ]);
    this.monitoring = new Monitoring(this, "Monitoring", {
      config,
      table: this.data.table,
      api: this.api,
      jobs: this.jobs,
      web: this.web,
    });
    acknowledgeFindings(this);

    new CfnOutput(this, "WebUrl", {
      description: "OneDoor in a desktop browser (the H5 build); /api/* on the same host is the API",
      value: this.web.url,
    });
    new CfnOutput(this, "ApiUrl", {
      description: "Base URL of the HTTP API; the app's routes live under /api",
      value: this.api.url,
    });
    if (this.api.domainName) {
      new CfnOutput(this, "ApiDomainTarget", {
        description: `Point ${config.apiDomain?.domainName} here (CNAME or alias): the mini-program's request domain`,
        value: this.api.domainName.regionalDomainName,
      });
    }
    if (config.webDomain) {
      new CfnOutput(this, "WebDomainTarget", {
        description: `Point ${config.webDomain.domainName} here (CNAME or alias)`,
        value: this.web.distribution.distributionDomainName,
      });
    }
    new CfnOutput(this, "TableName", { value: this.data.table.tableName });
    new CfnOutput(this, "UploadHost", {
      description: "Where phones upload images: add https://<this> to the mini-program's uploadFile domains",
      value: this.storage.host,
    });
    new CfnOutput(this, "WechatSecretName", {
      description: "Put the WeChat AppSecret here: aws secretsmanager put-secret-value --secret-id <this>",
      value: this.secrets.wechatAppSecretName,
    });
    new CfnOutput(this, "AlarmTopicArn", {
      description: "Alarms publish here; subscribe more endpoints with --context alarmEmails=a@x,b@y",
      value: this.monitoring.topic.topicArn,
    });
    new CfnOutput(this, "DashboardName", { value: this.monitoring.dashboard.dashboardName });
  }
}
