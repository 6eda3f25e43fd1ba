import { CfnOutput, RemovalPolicy, Stack, type StackProps, Tags } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { Api } from "./api.js";
import type { StageConfig } from "./config.js";
import { Data } from "./data.js";
import { Jobs } from "./jobs.js";
import { Secrets } from "./secrets.js";
import { Storage } from "./storage.js";

export interface OneDoorStackProps extends StackProps {
  readonly config: StageConfig;
}

/** One stage of OneDoor: the table, the uploads bucket, the API, the scheduled jobs and their secrets. */
export class OneDoorStack extends Stack {
  readonly data: Data;
  readonly secrets: Secrets;
  readonly storage: Storage;
  readonly api: Api;
  readonly jobs: Jobs;

  constructor(scope: Construct, id: string, props: OneDoorStackProps) {
    super(scope, id, props);
    const { config } = props;
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

    new CfnOutput(this, "ApiUrl", {
      description: "Base URL of the HTTP API; the app's routes live under /api",
      value: this.api.url,
    });
    new CfnOutput(this, "TableName", { value: this.data.table.tableName });
    new CfnOutput(this, "UploadHost", {
      description: "Where phones upload images: add https://<this> to the mini-program's uploadFile domains",
      value: this.storage.bucket.bucketRegionalDomainName,
    });
    new CfnOutput(this, "WechatSecretName", {
      description: "Put the WeChat AppSecret here: aws secretsmanager put-secret-value --secret-id <this>",
      value: this.secrets.wechatAppSecretName,
    });
  }
}
