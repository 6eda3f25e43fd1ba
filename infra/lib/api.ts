import { Duration, Fn, type RemovalPolicy } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { AppFunction } from "./app-function.js";
import type { StageConfig } from "./config.js";
import type { Secrets } from "./secrets.js";
import type { Storage } from "./storage.js";

export interface ApiProps {
  readonly config: StageConfig;
  readonly table: dynamodb.ITable;
  readonly secrets: Secrets;
  readonly storage: Storage;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * One JSON object per request in the API's access log. `requestId` is the id the function logs as
 * `apiRequestId`, so a request can be followed from the edge into the app's own log lines.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: "$context.requestId",
  time: "$context.requestTime",
  ip: "$context.identity.sourceIp",
  method: "$context.httpMethod",
  path: "$context.path",
  status: "$context.status",
  responseLength: "$context.responseLength",
  latencyMs: "$context.responseLatency",
  integrationMs: "$context.integrationLatency",
  integrationStatus: "$context.integrationStatus",
  integrationError: "$context.integrationErrorMessage",
  error: "$context.error.message",
  userAgent: "$context.identity.userAgent",
};

/** The Hono app behind an HTTP API: one function serves every `/api/*` route. */
export class Api extends Construct {
  readonly function: AppFunction;
  readonly handler: AppFunction["handler"];
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  readonly domainName?: apigwv2.DomainName;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { config, table, secrets, storage } = props;

    this.function = new AppFunction(this, {
      config,
      table,
      secrets,
      uploads: storage.bucket,
      removalPolicy: props.removalPolicy,
      name: "api",
      description: `OneDoor ${config.stage} API (Hono)`,
      entry: "src/lambda.ts",
      // Lambda gives CPU in proportion to memory, and a cold start is CPU-bound (parsing the
      // ~1.7 MB bundle costs 150–200 ms even on a desktop core); requests themselves are a few
      // DynamoDB calls and need far less than 512 MB, which is bought for the CPU share.
      memorySize: 512,
      // Requests are a handful of DynamoDB calls and at most one WeChat code2session; 10 s is
      // generous for that, stops a stuck call early, and stays under the HTTP API's 30 s limit.
      timeout: Duration.seconds(10),
      describeTable: true,
    });
    this.handler = this.function.handler;
    // Only the API signs uploads and reads images; the jobs function gets the bucket name alone.
    storage.grantImages(this.handler);

    this.httpApi = new apigwv2.HttpApi(this, "HttpApi", {
      apiName: `onedoor-${config.stage}`,
      description: `OneDoor ${config.stage} API`,
      // The stage is created below so that it can carry throttling and access logs.
      createDefaultStage: false,
      corsPreflight: config.corsOrigins.length > 0 ? corsFor(config.corsOrigins) : undefined,
    });

    this.httpApi.addRoutes({
      path: "/api/{proxy+}",
      methods: [apigwv2.HttpMethod.ANY],
      integration: new HttpLambdaIntegration("HandlerIntegration", this.handler),
    });

    this.accessLogs = new logs.LogGroup(this, "AccessLogs", {
      logGroupName: `/onedoor/${config.stage}/api-access`,
      retention: config.logDays,
      removalPolicy: props.removalPolicy,
    });

    if (config.apiDomain) {
      this.domainName = new apigwv2.DomainName(this, "DomainName", {
        domainName: config.apiDomain.domainName,
        certificate: acm.Certificate.fromCertificateArn(this, "Certificate", config.apiDomain.certificateArn),
        securityPolicy: apigwv2.SecurityPolicy.TLS_1_2,
      });
    }

    this.stage = this.httpApi.addStage("DefaultStage", {
      stageName: "$default",
      autoDeploy: true,
      throttle: config.throttle,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
      domainMapping: this.domainName ? { domainName: this.domainName } : undefined,
    });
  }

  /** Base URL of the `$default` stage, ending in `/`; the app's routes live under `api/`. */
  get url(): string {
    return this.stage.url;
  }

  /** The API's host name (`<id>.execute-api.<region>.amazonaws.com`), for CloudFront's origin. */
  get host(): string {
    return Fn.select(2, Fn.split("/", this.httpApi.apiEndpoint));
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
