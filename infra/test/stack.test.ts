import type { Stack } from "aws-cdk-lib";
import { Match, type Template } from "aws-cdk-lib/assertions";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { createTableInput, tableDefinition } from "../../functions/src/db/table.js";
import { NODE_RUNTIME } from "../lib/app-function.js";
import {
  actionsOf,
  bucketOf,
  collectKeys,
  fn,
  only,
  PRIVATE_BUCKET,
  policyOfBucket,
  resourcesOf,
  roleStatements,
  type Statement,
  synth,
} from "./helpers.js";

let dev: Template;
let prod: Template;
let prodStack: Stack;

beforeAll(() => {
  dev = synth({ stage: "dev", corsOrigins: "http://localhost:10086, https://h5.example.cn" }).template;
  ({ stack: prodStack, template: prod } = synth({ stage: "prod", wechatAppId: "wx0123456789abcdef" }));
});

describe("stages", () => {
  it("names the stack after the stage, dev by default", () => {
    expect(synth({}).stack.stackName).toBe("OneDoor-dev");
    expect(synth({ stage: "pr-42" }).stack.stackName).toBe("OneDoor-pr-42");
    expect(prodStack.terminationProtection).toBe(true);
  });

  it("rejects a stage name that cannot go into resource names", () => {
    expect(() => synth({ stage: "Prod!" })).toThrow(/stage/);
  });

  it("rejects a CORS origin that is not an origin", () => {
    expect(() => synth({ corsOrigins: "https://ok.example.cn,https://bad.example.cn/path" })).toThrow(
      /corsOrigins/,
    );
  });
});

describe("table", () => {
  const expected = createTableInput("unused");

  it("has the key schema and indexes of functions/src/db/table.ts", () => {
    const [, table] = only(dev, "AWS::DynamoDB::Table");
    const props = table.Properties;
    expect(props.KeySchema).toEqual(expected.KeySchema);
    expect(props.GlobalSecondaryIndexes).toEqual(expected.GlobalSecondaryIndexes);
    const byName = (a: { AttributeName: string }, b: { AttributeName: string }) =>
      a.AttributeName.localeCompare(b.AttributeName);
    expect([...(props.AttributeDefinitions as { AttributeName: string }[])].sort(byName)).toEqual(
      [...expected.AttributeDefinitions].sort(byName),
    );
  });

  it("is on-demand, backed up, encrypted with the AWS managed key and expires items", () => {
    dev.hasResourceProperties("AWS::DynamoDB::Table", {
      TableName: "onedoor-dev",
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
    });
  });

  it("survives stack deletion in prod only", () => {
    prod.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    dev.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Delete",
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });
});

describe("api function", () => {
  it("runs the newest Node.js runtime aws-cdk-lib offers, on arm64", () => {
    const newest = Object.values(lambda.Runtime)
      .filter((r): r is lambda.Runtime => r instanceof lambda.Runtime && /^nodejs\d+\.x$/.test(r.name))
      .sort((a, b) => Number.parseInt(b.name.slice(6), 10) - Number.parseInt(a.name.slice(6), 10))[0];
    // Fails after an aws-cdk-lib upgrade that adds a runtime: bump NODE_RUNTIME deliberately.
    expect(NODE_RUNTIME.name).toBe(newest?.name);
    dev.hasResourceProperties("AWS::Lambda::Function", {
      Runtime: NODE_RUNTIME.name,
      Architectures: ["arm64"],
      Handler: "index.handler",
      MemorySize: 512,
      Timeout: 10,
    });
  });

  it("gets the table, stage, origins and secret ARNs, never secret values", () => {
    const [tableId] = only(dev, "AWS::DynamoDB::Table");
    const secretIds = Object.keys(dev.findResources("AWS::SecretsManager::Secret"));
    const [, api] = fn(dev, "onedoor-dev-api");
    const env = (api.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env).toEqual({
      STAGE: "dev",
      TABLE_NAME: { Ref: tableId },
      CORS_ORIGINS: "http://localhost:10086,https://h5.example.cn",
      WECHAT_APP_ID: "",
      JWT_SECRET_ARN: { Ref: expect.stringMatching(/JwtSigningKey/) },
      WECHAT_SECRET_ARN: { Ref: expect.stringMatching(/WechatAppSecret/) },
      UPLOAD_BUCKET: { Ref: bucketOf(dev, "files")[0] },
      NODE_OPTIONS: "--enable-source-maps",
    });
    expect(secretIds).toContain((env.JWT_SECRET_ARN as { Ref: string }).Ref);
    expect(secretIds).toContain((env.WECHAT_SECRET_ARN as { Ref: string }).Ref);
    prod.hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ STAGE: "prod", WECHAT_APP_ID: "wx0123456789abcdef" }) },
    });
  });

  it("keeps its logs for a bounded time", () => {
    // Every log group of the stage: both functions, the API's access log, the web deployment.
    for (const [template, days] of [
      [dev, 7],
      [prod, 90],
    ] as const) {
      const groups = resourcesOf(template, "AWS::Logs::LogGroup");
      expect(groups.length).toBeGreaterThanOrEqual(4);
      for (const [id, group] of groups) expect(group.Properties.RetentionInDays, id).toBe(days);
      expect(bucketOf(template, "logs")[1].Properties.LifecycleConfiguration).toEqual({
        Rules: [{ Id: "expire-logs", ExpirationInDays: days, Status: "Enabled" }],
      });
    }
  });

  it("is granted named actions on its own table, secrets and bucket only", () => {
    const statements = resourcesOf(dev, "AWS::IAM::Policy").flatMap(
      ([, policy]) =>
        (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
    );
    expect(statements.length).toBeGreaterThan(0);
    const actions = statements.flatMap((s) => [s.Action].flat() as string[]);
    for (const action of actions) expect(action).not.toMatch(/(^|:)\*$/);
    for (const s of statements) expect([s.Resource].flat()).not.toContain("*");
    expect(actions).toEqual(
      expect.arrayContaining([
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:ConditionCheckItem",
        "secretsmanager:GetSecretValue",
      ]),
    );
  });
});

describe("jobs function", () => {
  it("runs the jobs entry every minute through an EventBridge rule", () => {
    const [jobsId, jobs] = fn(dev, "onedoor-dev-jobs");
    expect(jobs.Properties).toMatchObject({
      Runtime: NODE_RUNTIME.name,
      Architectures: ["arm64"],
      Handler: "index.handler",
      Timeout: 55,
    });
    const [, rule] = only(dev, "AWS::Events::Rule");
    expect(rule.Properties).toMatchObject({
      ScheduleExpression: "rate(1 minute)",
      State: "ENABLED",
      Targets: [
        expect.objectContaining({
          Arn: { "Fn::GetAtt": [jobsId, "Arn"] },
          RetryPolicy: { MaximumEventAgeInSeconds: 120, MaximumRetryAttempts: 2 },
        }),
      ],
    });
    dev.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      FunctionName: { "Fn::GetAtt": [jobsId, "Arn"] },
      Principal: "events.amazonaws.com",
    });
    // A failed run is left to the next minute's, not retried by Lambda.
    dev.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: { Ref: jobsId },
      MaximumRetryAttempts: 0,
    });
  });

  it("gets the API's environment and secrets plus the subscription templates", () => {
    const [, api] = fn(dev, "onedoor-dev-api");
    const [, jobs] = fn(dev, "onedoor-dev-jobs");
    const apiEnv = (api.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const jobsEnv = (jobs.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(jobsEnv).toEqual({
      ...apiEnv,
      WECHAT_SUBSCRIBE_TEMPLATES: "",
      WECHAT_MINIPROGRAM_STATE: "formal",
    });
    const withTemplates = synth({
      wechatSubscribeTemplates: "legal.promoted=tmplP, legal.reminder_day_before=tmplD",
      wechatMiniprogramState: "trial",
    }).template;
    withTemplates.hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "onedoor-dev-jobs",
      Environment: {
        Variables: Match.objectLike({
          WECHAT_SUBSCRIBE_TEMPLATES: "legal.promoted=tmplP,legal.reminder_day_before=tmplD",
          WECHAT_MINIPROGRAM_STATE: "trial",
        }),
      },
    });
    expect(() => synth({ wechatMiniprogramState: "beta" })).toThrow(/wechatMiniprogramState/);
  });

  it("may read and write the table and read the secrets, like the API", () => {
    const [jobsId] = fn(dev, "onedoor-dev-jobs");
    const roleRef = (fn(dev, "onedoor-dev-jobs")[1].Properties.Role as { "Fn::GetAtt": [string, string] })[
      "Fn::GetAtt"
    ][0];
    const policies = resourcesOf(dev, "AWS::IAM::Policy").filter(([, policy]) =>
      (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleRef),
    );
    const actions = policies.flatMap(([, policy]) =>
      (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap(
        (s) => [s.Action].flat(),
      ),
    );
    expect(jobsId).toBeTruthy();
    expect(actions).toEqual(
      expect.arrayContaining(["dynamodb:Query", "dynamodb:UpdateItem", "secretsmanager:GetSecretValue"]),
    );
  });
});

describe("http api", () => {
  it("routes /api/* to the function through a throttled $default stage", () => {
    const [apiId] = only(dev, "AWS::ApiGatewayV2::Api");
    dev.hasResourceProperties("AWS::ApiGatewayV2::Api", { Name: "onedoor-dev", ProtocolType: "HTTP" });
    dev.hasResourceProperties("AWS::ApiGatewayV2::Route", {
      ApiId: { Ref: apiId },
      RouteKey: "ANY /api/{proxy+}",
    });
    dev.hasResourceProperties("AWS::ApiGatewayV2::Integration", {
      IntegrationType: "AWS_PROXY",
      PayloadFormatVersion: "2.0",
    });
    dev.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
    prod.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
    });
    expect(dev.findOutputs("ApiUrl").ApiUrl?.Value).toEqual({
      "Fn::Join": [
        "",
        [
          "https://",
          { Ref: apiId },
          ".execute-api.",
          { Ref: "AWS::Region" },
          ".",
          { Ref: "AWS::URLSuffix" },
          "/",
        ],
      ],
    });
  });

  it("allows CORS for the configured origins only", () => {
    dev.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      CorsConfiguration: Match.objectLike({
        AllowOrigins: ["http://localhost:10086", "https://h5.example.cn"],
      }),
    });
    prod.hasResourceProperties("AWS::ApiGatewayV2::Api", { CorsConfiguration: Match.absent() });
  });
});

describe("secrets", () => {
  it("generates the JWT key and the WeChat placeholder in Secrets Manager", () => {
    dev.hasResourceProperties("AWS::SecretsManager::Secret", {
      Name: "onedoor/dev/jwt-signing-key",
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
    dev.hasResourceProperties("AWS::SecretsManager::Secret", {
      Name: "onedoor/dev/wechat-app-secret",
      GenerateSecretString: Match.objectLike({}),
    });
    expect(dev.findOutputs("WechatSecretName").WechatSecretName?.Value).toBe("onedoor/dev/wechat-app-secret");
  });

  it("puts no secret value anywhere in the template", () => {
    for (const template of [dev, prod]) {
      const keys = new Set<string>();
      collectKeys(template.toJSON(), keys);
      // A literal value would sit in SecretString (secrets) or in a SecretValue-rendered property.
      expect([...keys].filter((key) => /^SecretString$|Password$/.test(key))).toEqual([]);
      // The function must get ARNs only, not the values under the names functions/src/config.ts uses.
      expect(keys).not.toContain("JWT_SECRET");
      expect(keys).not.toContain("WECHAT_APP_SECRET");
    }
  });
});

describe("uploads bucket", () => {
  const arn = (id: string) => ({ "Fn::GetAtt": [id, "Arn"] });

  it("is private, encrypted, owner-enforced and named after the stage, account and region", () => {
    const [, bucket] = bucketOf(dev, "files");
    expect(bucket.Properties).toMatchObject({
      BucketName: {
        "Fn::Join": ["", ["onedoor-dev-files-", { Ref: "AWS::AccountId" }, "-", { Ref: "AWS::Region" }]],
      },
      ...PRIVATE_BUCKET,
    });
    expect(bucket.Properties.LifecycleConfiguration).toEqual({
      Rules: [
        expect.objectContaining({
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          Status: "Enabled",
        }),
        // Abandoned uploads go after a day; notices keep their own copies under notices/.
        expect.objectContaining({ Prefix: "uploads/", ExpirationInDays: 1, Status: "Enabled" }),
      ],
    });
  });

  it("refuses any request that is not over TLS", () => {
    for (const template of [dev, prod]) {
      const [bucketId] = bucketOf(template, "files");
      const [, policy] = policyOfBucket(template, bucketId);
      expect((policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement).toContainEqual(
        expect.objectContaining({
          Effect: "Deny",
          Action: "s3:*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
          Resource: [arn(bucketId), { "Fn::Join": ["", [arn(bucketId), "/*"]] }],
        }),
      );
    }
  });

  it("lets the configured origins and the web distribution POST and GET from a browser, no one else", () => {
    const rulesOf = (template: Template) =>
      (
        bucketOf(template, "files")[1].Properties.CorsConfiguration as {
          CorsRules: { AllowedOrigins: unknown[]; AllowedMethods: string[] }[];
        }
      ).CorsRules;
    const [distributionId] = only(dev, "AWS::CloudFront::Distribution");
    const webOrigin = { "Fn::Join": ["", ["https://", { "Fn::GetAtt": [distributionId, "DomainName"] }]] };
    const devRules = rulesOf(dev);
    expect(devRules.map((rule) => rule.AllowedOrigins)).toEqual([
      ["http://localhost:10086", "https://h5.example.cn"],
      [webOrigin],
    ]);
    for (const rule of devRules) expect([...rule.AllowedMethods].sort()).toEqual(["GET", "HEAD", "POST"]);
    // No origins configured (prod here): only the distribution's own.
    expect(rulesOf(prod).map((rule) => rule.AllowedOrigins)).toHaveLength(1);
  });

  it("is kept and versioned in prod, emptied and deleted with any other stage", () => {
    prod.hasResource("AWS::S3::Bucket", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: Match.objectLike({
        VersioningConfiguration: { Status: "Enabled" },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } })]),
        },
      }),
    });
    prod.resourceCountIs("Custom::S3AutoDeleteObjects", 0);
    dev.hasResource("AWS::S3::Bucket", {
      DeletionPolicy: "Delete",
      Properties: Match.objectLike({ VersioningConfiguration: Match.absent() }),
    });
    const [bucketId] = bucketOf(dev, "files");
    dev.hasResourceProperties("Custom::S3AutoDeleteObjects", { BucketName: { Ref: bucketId } });
  });

  it("gives the API PutObject and GetObject on uploads/*, notices/* and cases/* and ListBucket, nothing wider", () => {
    const [bucketId] = bucketOf(dev, "files");
    const s3Statements = roleStatements(dev, "onedoor-dev-api").filter((s) =>
      actionsOf(s).some((action) => action.startsWith("s3:")),
    );
    expect(s3Statements).toEqual([
      // One statement: CDK merges the three grants' resources.
      {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: [
          { "Fn::Join": ["", [arn(bucketId), "/cases/*"]] },
          { "Fn::Join": ["", [arn(bucketId), "/notices/*"]] },
          { "Fn::Join": ["", [arn(bucketId), "/uploads/*"]] },
        ],
      },
      // Lets S3 answer 404 rather than 403 for an upload that never arrived (see storage.ts).
      { Effect: "Allow", Action: "s3:ListBucket", Resource: arn(bucketId) },
    ]);
    const all = roleStatements(dev, "onedoor-dev-api").flatMap(actionsOf);
    expect(all.filter((action) => action.startsWith("s3:") && action.includes("*"))).toEqual([]);
  });

  it("gives the jobs function no access to the bucket", () => {
    const actions = roleStatements(dev, "onedoor-dev-jobs").flatMap(actionsOf);
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((action) => action.startsWith("s3:"))).toEqual([]);
  });

  it("names the bucket to both functions, whose config requires it outside the local stage", () => {
    for (const [template, stage] of [
      [dev, "dev"],
      [prod, "prod"],
    ] as const) {
      const [bucketId] = bucketOf(template, "files");
      for (const name of [`onedoor-${stage}-api`, `onedoor-${stage}-jobs`]) {
        const [, fnResource] = fn(template, name);
        const env = (fnResource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
        expect(env.UPLOAD_BUCKET, name).toEqual({ Ref: bucketId });
      }
    }
  });

  it("outputs the host phones upload to", () => {
    expect(dev.findOutputs("UploadHost").UploadHost?.Value).toEqual({
      "Fn::Join": [
        "",
        [
          "onedoor-dev-files-",
          { Ref: "AWS::AccountId" },
          "-",
          { Ref: "AWS::Region" },
          ".s3.",
          { Ref: "AWS::Region" },
          ".",
          { Ref: "AWS::URLSuffix" },
        ],
      ],
    });
  });
});
