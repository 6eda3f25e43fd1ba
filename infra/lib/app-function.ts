import { join } from "node:path";
import type { Duration, RemovalPolicy } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { tableDefinition } from "../../functions/src/db/table.js";
import type { StageConfig } from "./config.js";
import { functionsDir, lockFile } from "./paths.js";
import type { Secrets } from "./secrets.js";

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
 * What the app does to its table, by name: the item calls of functions/src (a transaction needs
 * the rights of each of its parts, ConditionCheckItem included). No Scan, no table management.
 */
export const TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
];

export interface AppFunctionProps {
  readonly config: StageConfig;
  readonly table: dynamodb.ITable;
  readonly secrets: Secrets;
  /** Named in the environment: functions/src/config.ts requires it outside the local stage. */
  readonly uploads: s3.IBucket;
  readonly removalPolicy: RemovalPolicy;
  /** `api` or `jobs`: the function is `onedoor-<stage>-<name>`. */
  readonly name: string;
  readonly description: string;
  /** The handler module under functions/src. */
  readonly entry: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly retryAttempts?: number;
  readonly environment?: Record<string, string>;
  /** DescribeTable, for the API's health check. */
  readonly describeTable?: boolean;
}

/**
 * One function of the app: its log group, its own role (writing to that log group only, instead of
 * the AWS managed AWSLambdaBasicExecutionRole, which may create any log group), the item actions
 * on the table and its two indexes, and GetSecretValue on the two secrets.
 */
export class AppFunction {
  readonly handler: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  /**
   * Made directly in `scope` (the Api or Jobs construct) under the construct ids the first stacks
   * used (`HandlerLogs`, `Handler`), so the function and its log group keep their logical ids: a
   * new logical id for a resource with a fixed name would fail the update with "already exists".
   */
  constructor(scope: Construct, props: AppFunctionProps) {
    const { config, table, secrets } = props;
    const functionName = `onedoor-${config.stage}-${props.name}`;

    this.logGroup = new logs.LogGroup(scope, "HandlerLogs", {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: config.logDays,
      removalPolicy: props.removalPolicy,
    });

    this.role = new iam.Role(scope, "HandlerRole", {
      description: `OneDoor ${config.stage} ${props.name} function`,
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
    });
    this.logGroup.grantWrite(this.role);
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: [...TABLE_ACTIONS, ...(props.describeTable ? ["dynamodb:DescribeTable"] : [])],
        resources: [table.tableArn],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["dynamodb:Query"],
        resources: tableDefinition.globalSecondaryIndexes.map(
          (index) => `${table.tableArn}/index/${index.name}`,
        ),
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["secretsmanager:GetSecretValue"],
        resources: [secrets.jwtSigningKey.secretArn, secrets.wechatAppSecret.secretArn],
      }),
    );

    this.handler = new nodejs.NodejsFunction(scope, "Handler", {
      functionName,
      description: props.description,
      entry: join(functionsDir, props.entry),
      handler: "handler",
      // The workspace lock file; its directory (the repository root) is the bundling root.
      depsLockFilePath: lockFile,
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      retryAttempts: props.retryAttempts,
      role: this.role,
      logGroup: this.logGroup,
      environment: { ...appEnvironment(config, table, secrets, props.uploads), ...props.environment },
      bundling: APP_BUNDLING,
    });
  }
}

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
