import { join } from "node:path";
import { Duration, type RemovalPolicy } from "aws-cdk-lib";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import type { StageConfig } from "./config.js";
import { functionsDir, lockFile } from "./paths.js";
import type { Secrets } from "./secrets.js";
import type { Storage } from "./storage.js";

export interface ApiProps {
  readonly config: StageConfig;
  readonly table: dynamodb.ITable;
  readonly secrets: Secrets;
  readonly storage: Storage;
  readonly removalPolicy: RemovalPolicy;
}

/** Lambda runtime for every function of the app: the newest Node.js aws-cdk-lib 2.276 knows. */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * An ESM bundle has no `require`; CommonJS dependencies that reach for Node built-ins through it
 * would fail at load with "Dynamic require of … is not supported". esbuild's shim uses this one.
 */
const ESM_REQUIRE_SHIM =
  'import { createRequire as __onedoorCreateRequire } from "node:module"; const require = __onedoorCreateRequire(import.meta.url);';

/** How every function of the app is bundled (the API and the scheduled jobs). */
export const APP_BUNDLING: nodejs.BundlingOptions = {
  // No Docker engine is needed (or present): esbuild from node_modules does the bundling.
  forceDockerBundling: false,
  // ESM is emitted as index.mjs, so Node loads it as ESM whatever package.json says
  // (a CJS bundle named .js inside a "type": "module" tree loads with no handler).
  format: nodejs.OutputFormat.ESM,
  mainFields: ["module", "main"],
  banner: ESM_REQUIRE_SHIM,
  minify: true,
  sourceMap: true,
  // Stack traces map to file:line without shipping the sources themselves.
  sourcesContent: false,
  // Pin the SDK version we test against instead of the runtime's built-in copy.
  bundleAwsSDK: true,
};

/**
 * The environment functions/src/config.ts reads; secrets go by ARN, resolved at cold start.
 * UPLOAD_BUCKET is required by that config outside the local stage, so every function that builds
 * the app's dependencies needs it, whether or not it touches the bucket.
 */
export function appEnvironment(
  config: StageConfig,
  table: dynamodb.ITable,
  secrets: Secrets,
  uploads: s3.IBucket,
): Record<string, string> {
  return {
    STAGE: config.stage,
    TABLE_NAME: table.tableName,
    CORS_ORIGINS: config.corsOrigins.join(","),
    WECHAT_APP_ID: config.wechatAppId,
    JWT_SECRET_ARN: secrets.jwtSigningKey.secretArn,
    WECHAT_SECRET_ARN: secrets.wechatAppSecret.secretArn,
    UPLOAD_BUCKET: uploads.bucketName,
    NODE_OPTIONS: "--enable-source-maps",
  };
}

/** The table and the two secrets: all any function of the app reads or writes. */
export function grantAppAccess(fn: lambda.IFunction, table: dynamodb.ITable, secrets: Secrets): void {
  table.grantReadWriteData(fn);
  secrets.jwtSigningKey.grantRead(fn);
  secrets.wechatAppSecret.grantRead(fn);
}

/** The Hono app behind an HTTP API: one function serves every `/api/*` route. */
export class Api extends Construct {
  readonly handler: nodejs.NodejsFunction;
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { config, table, secrets, storage } = props;
    const functionName = `onedoor-${config.stage}-api`;

    const logGroup = new logs.LogGroup(this, "HandlerLogs", {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: config.isProduction ? logs.RetentionDays.THREE_MONTHS : logs.RetentionDays.ONE_WEEK,
      removalPolicy: props.removalPolicy,
    });

    this.handler = new nodejs.NodejsFunction(this, "Handler", {
      functionName,
      description: `OneDoor ${config.stage} API (Hono)`,
      entry: join(functionsDir, "src/lambda.ts"),
      handler: "handler",
      // The workspace lock file; its directory (the repository root) is the bundling root.
      depsLockFilePath: lockFile,
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      // Lambda gives CPU in proportion to memory, and a cold start is CPU-bound (parsing the
      // ~1 MB bundle costs 100–170 ms even on a desktop core); requests themselves are a few
      // DynamoDB calls and need far less than 512 MB, which is bought for the CPU share.
      memorySize: 512,
      // Requests are a handful of DynamoDB calls and at most one WeChat code2session; 10 s is
      // generous for that, stops a stuck call early, and stays under the HTTP API's 30 s limit.
      timeout: Duration.seconds(10),
      logGroup,
      environment: appEnvironment(config, table, secrets, storage.bucket),
      bundling: APP_BUNDLING,
    });

    grantAppAccess(this.handler, table, secrets);
    // Only the API signs uploads and reads images; the jobs function gets the bucket name alone.
    storage.grantNoticeImages(this.handler);

    this.httpApi = new apigwv2.HttpApi(this, "HttpApi", {
      apiName: `onedoor-${config.stage}`,
      description: `OneDoor ${config.stage} API`,
      // The stage is created below so that it can carry throttling.
      createDefaultStage: false,
      corsPreflight: config.corsOrigins.length > 0 ? corsFor(config.corsOrigins) : undefined,
    });

    this.httpApi.addRoutes({
      path: "/api/{proxy+}",
      methods: [apigwv2.HttpMethod.ANY],
      integration: new HttpLambdaIntegration("HandlerIntegration", this.handler),
    });

    this.stage = this.httpApi.addStage("DefaultStage", {
      stageName: "$default",
      autoDeploy: true,
      throttle: config.throttle,
    });
  }

  /** Base URL of the `$default` stage, ending in `/`; the app's routes live under `api/`. */
  get url(): string {
    return this.stage.url;
  }
}

function corsFor(origins: readonly string[]): apigwv2.CorsPreflightOptions {
  return {
    allowOrigins: [...origins],
    allowMethods: [
      apigwv2.CorsHttpMethod.GET,
      apigwv2.CorsHttpMethod.POST,
      apigwv2.CorsHttpMethod.PUT,
      apigwv2.CorsHttpMethod.PATCH,
      apigwv2.CorsHttpMethod.DELETE,
      apigwv2.CorsHttpMethod.OPTIONS,
    ],
    allowHeaders: ["authorization", "content-type", "idempotency-key", "x-request-id"],
    exposeHeaders: ["x-request-id"],
    maxAge: Duration.hours(1),
  };
}
