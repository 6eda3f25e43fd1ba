import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Stack } from "aws-cdk-lib";
import { Match, type Template } from "aws-cdk-lib/assertions";
import * as s3 from "aws-cdk-lib/aws-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs as appJobs } from "../../functions/src/jobs/run.js";
import { createOneDoorApp } from "../lib/app.js";
import { NODE_RUNTIME, TABLE_ACTIONS } from "../lib/app-function.js";
import { JOB_NAMES } from "../lib/jobs.js";
import { JOB_METRICS } from "../lib/monitoring.js";
import { contentSecurityPolicy, H5_DIR, inlineScriptHashes } from "../lib/web.js";
import {
  actionsOf,
  bucketOf,
  cdkJson,
  fn,
  only,
  PRIVATE_BUCKET,
  policyOfBucket,
  type Resource,
  resourcesOf,
  roleStatements,
  type Statement,
  synth,
} from "./helpers.js";

const API_CERT = "arn:aws:acm:ap-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
const WEB_CERT = "arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000";

let dev: Template;
let prod: Template;
/** Prod with both custom domains, alarm e-mails and a staging-like stage name. */
let branded: Template;

beforeAll(() => {
  dev = synth({ stage: "dev" }).template;
  prod = synth({ stage: "prod", alarmEmails: "ops@example.cn, duty@example.cn" }).template;
  branded = synth({
    stage: "staging",
    alarms: "true",
    apiDomainName: "api.onedoor.example.cn",
    apiCertificateArn: API_CERT,
    webDomainName: "onedoor.example.cn",
    webCertificateArn: WEB_CERT,
  }).template;
});

describe("stages", () => {
  /** Every property that names a resource, with where it was found. */
  function names(template: Template): [string, string][] {
    const found: [string, string][] = [];
    const nameKeys =
      /^(TableName|FunctionName|BucketName|Name|RuleName|TopicName|AlarmName|DashboardName|LogGroupName)$/;
    for (const [id, resource] of Object.entries(template.toJSON().Resources as Record<string, Resource>)) {
      const visit = (value: unknown, key: string) => {
        // A reference to another resource (Ref, Fn::GetAtt) is that resource's name, checked there.
        const isReference = typeof value === "object" && value !== null && !("Fn::Join" in value);
        if (nameKeys.test(key) && !isReference) found.push([`${id}.${key}`, JSON.stringify(value)]);
      };
      // Custom resources name their bucket by reference: the bucket itself is checked.
      if (resource.Type.startsWith("Custom::")) continue;
      for (const [key, value] of Object.entries(resource.Properties ?? {})) visit(value, key);
      const config = resource.Properties?.ResponseHeadersPolicyConfig as { Name?: string } | undefined;
      if (config?.Name) visit(config.Name, "Name");
    }
    return found;
  }

  it("puts the stage into every resource name", () => {
    for (const [template, stage] of [
      [dev, "dev"],
      [prod, "prod"],
      [branded, "staging"],
    ] as const) {
      const all = names(template);
      expect(all.length, stage).toBeGreaterThan(15);
      for (const [where, name] of all) expect(name, where).toMatch(new RegExp(`onedoor[-/]${stage}\\b`));
    }
  });

  it("protects prod's table from deletion and keeps all its buckets; dev deletes them", () => {
    prod.hasResourceProperties("AWS::DynamoDB::Table", { DeletionProtectionEnabled: true });
    dev.hasResourceProperties("AWS::DynamoDB::Table", { DeletionProtectionEnabled: false });
    for (const purpose of ["files", "web", "logs"] as const) {
      const [prodId, prodBucket] = bucketOf(prod, purpose);
      expect(prodBucket.Properties, purpose).toMatchObject(PRIVATE_BUCKET);
      expect(prod.toJSON().Resources[prodId].DeletionPolicy, purpose).toBe("Retain");
      const [devId] = bucketOf(dev, purpose);
      expect(dev.toJSON().Resources[devId].DeletionPolicy, purpose).toBe("Delete");
      dev.hasResourceProperties("Custom::S3AutoDeleteObjects", { BucketName: { Ref: devId } });
    }
    prod.resourceCountIs("Custom::S3AutoDeleteObjects", 0);
    for (const secret of Object.values(prod.findResources("AWS::SecretsManager::Secret")))
      expect(secret.DeletionPolicy).toBe("Retain");
  });

  it("reads a stage's settings file, with the command line first, and refuses unknown keys", () => {
    const dir = mkdtempSync(join(tmpdir(), "onedoor-stages-"));
    try {
      writeFileSync(
        join(dir, "prod.json"),
        JSON.stringify({
          wechatAppId: "wx00000000000000aa",
          alarmEmails: ["ops@example.cn"],
          throttleRate: 300,
        }),
      );
      const fromFile = synth({ stage: "prod", stageSettingsDir: dir }).template;
      expect(fn(fromFile, "onedoor-prod-api")[1].Properties.Environment).toMatchObject({
        Variables: { WECHAT_APP_ID: "wx00000000000000aa" },
      });
      fromFile.hasResourceProperties("AWS::SNS::Subscription", { Endpoint: "ops@example.cn" });
      const stageProps = only(fromFile, "AWS::ApiGatewayV2::Stage")[1].Properties;
      expect(stageProps.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 300 });
      const overridden = synth({ stage: "prod", stageSettingsDir: dir, throttleRate: "150" }).template;
      expect(only(overridden, "AWS::ApiGatewayV2::Stage")[1].Properties.DefaultRouteSettings).toMatchObject({
        ThrottlingRateLimit: 150,
      });
      writeFileSync(join(dir, "dev.json"), JSON.stringify({ alarmEmail: "typo@example.cn" }));
      expect(() => synth({ stage: "dev", stageSettingsDir: dir })).toThrow(/unknown settings: alarmEmail/);
      // The shipped example is a valid settings file.
      expect(() => synth({ stage: "example" })).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses bad settings with the name of the setting", () => {
    expect(() => synth({ wechatAppId: "wx123" })).toThrow(/wechatAppId/);
    expect(() => synth({ alarmEmails: "ops@example.cn,not-an-address" })).toThrow(/alarmEmails/);
    expect(() => synth({ alarms: "maybe" })).toThrow(/"alarms" must be true or false/);
    expect(() => synth({ apiDomainName: "api.example.cn" })).toThrow(
      /apiDomainName" and "apiCertificateArn" go together/,
    );
    expect(() => synth({ apiDomainName: "api..cn", apiCertificateArn: API_CERT })).toThrow(/apiDomainName/);
    expect(() => synth({ apiDomainName: "api.example.cn", apiCertificateArn: "cert-1" })).toThrow(
      /apiCertificateArn/,
    );
    expect(() =>
      synth({
        webDomainName: "onedoor.example.cn",
        webCertificateArn: API_CERT.replace("ap-east-1", "eu-west-1"),
      }),
    ).toThrow(/us-east-1/);
    expect(() => synth({ throttleRate: "fast" })).toThrow(/throttleRate/);
  });
});

describe("data", () => {
  it("has point-in-time recovery and encryption in every stage, and no stream (nothing reads one)", () => {
    for (const template of [dev, prod]) {
      template.hasResourceProperties("AWS::DynamoDB::Table", {
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        StreamSpecification: Match.absent(),
      });
    }
  });
});

describe("compute", () => {
  it("runs both functions on arm64 with the newest Node.js, memory and timeout as stated", () => {
    for (const [name, memory, timeout] of [
      ["onedoor-prod-api", 512, 10],
      ["onedoor-prod-jobs", 512, 55],
    ] as const) {
      expect(fn(prod, name)[1].Properties).toMatchObject({
        Runtime: NODE_RUNTIME.name,
        Architectures: ["arm64"],
        MemorySize: memory,
        Timeout: timeout,
      });
    }
  });

  it("gives each function a role of its own with no AWS managed policy, logging to its own log group only", () => {
    for (const name of ["onedoor-prod-api", "onedoor-prod-jobs"]) {
      const roleId = (fn(prod, name)[1].Properties.Role as { "Fn::GetAtt": [string, string] })[
        "Fn::GetAtt"
      ][0];
      expect(prod.toJSON().Resources[roleId].Properties.ManagedPolicyArns, name).toBeUndefined();
      const logStatements = roleStatements(prod, name).filter((s) =>
        actionsOf(s).some((a) => a.startsWith("logs:")),
      );
      expect(logStatements, name).toHaveLength(1);
      expect(actionsOf(logStatements[0] as Statement).sort()).toEqual([
        "logs:CreateLogStream",
        "logs:PutLogEvents",
      ]);
      const [logGroupId] = resourcesOf(prod, "AWS::Logs::LogGroup").find(
        ([, group]) => group.Properties.LogGroupName === `/aws/lambda/${name}`,
      ) as [string, Resource];
      expect(logStatements[0]?.Resource).toEqual({ "Fn::GetAtt": [logGroupId, "Arn"] });
    }
    for (const role of Object.values(prod.findResources("AWS::IAM::Role")))
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    // Dev has one more role with AWS's basic execution policy: CDK's own provider that empties the
    // buckets when a disposable stage is destroyed (a CfnResource cdk-nag does not look at).
    const managed = Object.entries(dev.toJSON().Resources as Record<string, Resource>).filter(
      ([, resource]) =>
        resource.Type === "AWS::IAM::Role" ||
        (resource.Properties as { ManagedPolicyArns?: unknown } | undefined)?.ManagedPolicyArns !== undefined,
    );
    expect(
      managed
        .filter(([, resource]) => resource.Properties?.ManagedPolicyArns !== undefined)
        .map(([id]) => id),
    ).toEqual([expect.stringMatching(/^CustomS3AutoDeleteObjectsCustomResourceProviderRole/)]);
  });

  it("lets the functions do the app's item calls on the table and Query on its two indexes: no Scan, no wildcards", () => {
    const [tableId] = only(prod, "AWS::DynamoDB::Table");
    const tableArn = { "Fn::GetAtt": [tableId, "Arn"] };
    for (const [name, extra] of [
      ["onedoor-prod-api", ["dynamodb:DescribeTable"]],
      ["onedoor-prod-jobs", []],
    ] as const) {
      const statements = roleStatements(prod, name).filter((s) =>
        actionsOf(s).some((a) => a.startsWith("dynamodb:")),
      );
      expect(statements, name).toEqual([
        { Effect: "Allow", Action: [...TABLE_ACTIONS, ...extra].sort(), Resource: tableArn },
        {
          Effect: "Allow",
          Action: "dynamodb:Query",
          Resource: [
            { "Fn::Join": ["", [tableArn, "/index/GSI1"]] },
            { "Fn::Join": ["", [tableArn, "/index/GSI2"]] },
          ],
        },
      ]);
    }
    expect(TABLE_ACTIONS).not.toContain("dynamodb:Scan");
  });

  it("has no wildcard in any action and no '*' resource in any IAM policy of any stage", () => {
    for (const template of [dev, prod, branded]) {
      const statements = resourcesOf(template, "AWS::IAM::Policy").flatMap(
        ([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
      );
      expect(statements.length).toBeGreaterThan(10);
      for (const statement of statements) {
        for (const action of actionsOf(statement)) expect(action).not.toContain("*");
        expect([statement.Resource].flat()).not.toContain("*");
      }
    }
  });

  it("schedules exactly the jobs functions/src/jobs/run.ts runs, every minute", () => {
    expect(JOB_NAMES).toEqual(appJobs.map((job) => job.name));
    const [jobsId] = fn(prod, "onedoor-prod-jobs");
    prod.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(1 minute)",
      State: "ENABLED",
      Targets: [Match.objectLike({ Arn: { "Fn::GetAtt": [jobsId, "Arn"] } })],
    });
    expect(fn(prod, "onedoor-prod-jobs")[1].Properties.Description).toContain(JOB_NAMES.join(", "));
  });
});

describe("logical ids", () => {
  it("keeps the ids of every named or stateful resource the first stacks had (a new id would clash with the name)", () => {
    const ids = Object.keys(prod.toJSON().Resources as object);
    for (const id of [
      "DataTableFDBAD0F2",
      "ApiHandler8AD6A8DF",
      "ApiHandlerLogsC9EFE062",
      "JobsHandler9E0D5509",
      "JobsHandlerLogsF0B682CF",
      "StorageUploadsBDC5E374",
      "SecretsJwtSigningKeyEC8B32D6",
      "SecretsWechatAppSecretDB5805C1",
    ])
      expect(ids, id).toContain(id);
  });
});

describe("http api", () => {
  it("writes one JSON access-log line per request to a log group of its own", () => {
    const [, stage] = only(prod, "AWS::ApiGatewayV2::Stage");
    const settings = stage.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
    const [logGroupId] = resourcesOf(prod, "AWS::Logs::LogGroup").find(
      ([, group]) => group.Properties.LogGroupName === "/onedoor/prod/api-access",
    ) as [string, Resource];
    expect(settings.DestinationArn).toEqual({ "Fn::GetAtt": [logGroupId, "Arn"] });
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: "$context.requestId",
      status: "$context.status",
      latencyMs: "$context.responseLatency",
      integrationError: "$context.integrationErrorMessage",
    });
  });

  it("throttles the stage per stage, overridable by context", () => {
    const throttle = (template: Template) =>
      only(template, "AWS::ApiGatewayV2::Stage")[1].Properties.DefaultRouteSettings as Record<string, number>;
    expect(throttle(dev)).toMatchObject({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 });
    expect(throttle(prod)).toMatchObject({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 });
    const tuned = synth({ stage: "prod", throttleRate: "500", throttleBurst: "1000" }).template;
    expect(throttle(tuned)).toMatchObject({ ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 });
  });

  it("serves a custom domain with TLS 1.2 only when both the name and the certificate are given", () => {
    prod.resourceCountIs("AWS::ApiGatewayV2::DomainName", 0);
    branded.hasResourceProperties("AWS::ApiGatewayV2::DomainName", {
      DomainName: "api.onedoor.example.cn",
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: API_CERT, SecurityPolicy: "TLS_1_2" })],
    });
    branded.resourceCountIs("AWS::ApiGatewayV2::ApiMapping", 1);
    expect(branded.findOutputs("ApiDomainTarget").ApiDomainTarget).toBeDefined();
  });
});

describe("web build", () => {
  it("lives in a private, encrypted, TLS-only bucket that only the distribution may read", () => {
    const [bucketId, bucket] = bucketOf(prod, "web");
    expect(bucket.Properties).toMatchObject({
      ...PRIVATE_BUCKET,
      LoggingConfiguration: { LogFilePrefix: "s3/web/" },
    });
    expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
    const statements = (
      policyOfBucket(prod, bucketId)[1].Properties.PolicyDocument as { Statement: Statement[] }
    ).Statement;
    const [distributionId] = only(prod, "AWS::CloudFront::Distribution");
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
    const allows = statements.filter((s) => s.Effect === "Allow");
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Action: "s3:GetObject",
      Principal: { Service: "cloudfront.amazonaws.com" },
    });
    // Only requests signed for this one distribution.
    const condition = (allows[0] as Statement).Condition as { StringEquals: Record<string, unknown> };
    const sourceArn = condition.StringEquals["AWS:SourceArn"];
    expect(JSON.stringify(sourceArn)).toContain(`{"Ref":"${distributionId}"}`);
  });

  it("is reached through CloudFront with origin access control, HTTPS only", () => {
    prod.hasResourceProperties("AWS::CloudFront::OriginAccessControl", {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: "s3",
        SigningBehavior: "always",
        SigningProtocol: "sigv4",
      }),
    });
    const [, distribution] = only(prod, "AWS::CloudFront::Distribution");
    const config = distribution.Properties.DistributionConfig as Record<string, unknown>;
    const [bucketId] = bucketOf(prod, "web");
    const [logsId] = bucketOf(prod, "logs");
    expect(config).toMatchObject({
      DefaultRootObject: "index.html",
      HttpVersion: "http2and3",
      DefaultCacheBehavior: { ViewerProtocolPolicy: "redirect-to-https", Compress: true },
    });
    // No CloudFront logs (they cannot reach a bucket in an opt-in region; see lib/nag.ts CFR3);
    // the web bucket's own access logs go to the logs bucket.
    expect(config.Logging).toBeUndefined();
    expect(bucketOf(prod, "web")[1].Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logsId },
      LogFilePrefix: "s3/web/",
    });
    const s3Origin = (config.Origins as Record<string, unknown>[]).find(
      (origin) => "S3OriginConfig" in origin,
    );
    expect(s3Origin).toMatchObject({
      DomainName: { "Fn::GetAtt": [bucketId, "RegionalDomainName"] },
      OriginAccessControlId: { "Fn::GetAtt": [expect.any(String), "Id"] },
      S3OriginConfig: { OriginAccessIdentity: "" },
    });
  });

  it("forwards /api/* to the HTTP API uncached, every method, over TLS 1.2", () => {
    const [, distribution] = only(prod, "AWS::CloudFront::Distribution");
    const config = distribution.Properties.DistributionConfig as Record<string, unknown>;
    const [apiBehavior] = config.CacheBehaviors as Record<string, unknown>[];
    expect(apiBehavior).toMatchObject({
      PathPattern: "/api/*",
      ViewerProtocolPolicy: "https-only",
      AllowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
      // AWS managed policies: CachingDisabled and AllViewerExceptHostHeader.
      CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
      OriginRequestPolicyId: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
    });
    const apiOrigin = (config.Origins as Record<string, unknown>[]).find(
      (origin) => origin.Id === apiBehavior?.TargetOriginId,
    );
    const [apiId] = only(prod, "AWS::ApiGatewayV2::Api");
    expect(apiOrigin).toMatchObject({
      CustomOriginConfig: { OriginProtocolPolicy: "https-only", OriginSSLProtocols: ["TLSv1.2"] },
    });
    expect(JSON.stringify(apiOrigin?.DomainName)).toContain(apiId);
  });

  it("sends security headers, with a content security policy that allows the page's own inline script", () => {
    const [policyId, policy] = only(prod, "AWS::CloudFront::ResponseHeadersPolicy");
    const config = policy.Properties.ResponseHeadersPolicyConfig as {
      SecurityHeadersConfig: Record<string, Record<string, unknown>>;
    };
    const headers = config.SecurityHeadersConfig;
    expect(headers.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 730 * 24 * 3600,
      IncludeSubdomains: true,
      Override: true,
    });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: "DENY", Override: true });
    expect(headers.ReferrerPolicy).toMatchObject({ ReferrerPolicy: "strict-origin-when-cross-origin" });
    expect(headers.XSSProtection).toEqual({ Protection: false, Override: true });
    const csp = JSON.stringify(headers.ContentSecurityPolicy?.ContentSecurityPolicy);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self' https://onedoor-prod-files-");
    // The H5 build has one inline script (Taro's font-size snippet): its hash is allowed, nothing else.
    const page = readFileSync(join(H5_DIR, "index.html"), "utf8");
    const hashes = inlineScriptHashes(page);
    expect(hashes).toHaveLength(1);
    expect(csp).toContain(`script-src 'self' '${hashes[0]}'`);
    // Both behaviours carry the policy.
    const [, distribution] = only(prod, "AWS::CloudFront::Distribution");
    const config2 = distribution.Properties.DistributionConfig as {
      DefaultCacheBehavior: Record<string, unknown>;
      CacheBehaviors: Record<string, unknown>[];
    };
    for (const behavior of [config2.DefaultCacheBehavior, ...config2.CacheBehaviors])
      expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
  });

  it("hashes inline scripts as a browser checks them", () => {
    // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
    expect(
      inlineScriptHashes('<script>alert(1)</script><script src="/a.js"></script><script> </script>'),
    ).toEqual(["sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="]);
    expect(contentSecurityPolicy("https://img.example", ["sha256-x"])).toContain(
      "script-src 'self' 'sha256-x'",
    );
  });

  it("deploys hashed files for a year, then index.html uncached, and invalidates the page", () => {
    const deployments = resourcesOf(prod, "Custom::CDKBucketDeployment").map(([, r]) => r.Properties);
    expect(deployments).toHaveLength(2);
    const assets = deployments.find((d) => (d.Exclude as string[]).includes("index.html"));
    const page = deployments.find((d) => (d.Include as string[] | undefined)?.includes("index.html"));
    expect(assets).toMatchObject({
      // Old chunks stay for pages loaded before the deploy.
      Prune: false,
      Exclude: ["index.html", ".onedoor-build.json"],
      SystemMetadata: { "cache-control": "public, max-age=31536000, immutable" },
    });
    expect(page).toMatchObject({
      Prune: false,
      Exclude: ["*"],
      SystemMetadata: { "cache-control": "no-cache" },
      DistributionPaths: ["/", "/index.html"],
    });
  });

  it("copies the build with a role of its own: the asset, the site bucket and this distribution, by name", () => {
    const [, handler] = resourcesOf(prod, "AWS::Lambda::Function").find(([id]) =>
      id.startsWith("CustomCDKBucketDeployment"),
    ) as [string, Resource];
    const roleId = (handler.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
    expect(roleId).toMatch(/^WebDeployRole/);
    const statements = resourcesOf(prod, "AWS::IAM::Policy")
      .filter(([, policy]) => (policy.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
      .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    const [siteId] = bucketOf(prod, "web");
    const [distributionId] = only(prod, "AWS::CloudFront::Distribution");
    const byActions = new Map(statements.map((st) => [actionsOf(st).sort().join(" "), st.Resource]));
    expect([...byActions.keys()].sort()).toEqual([
      "cloudfront:CreateInvalidation cloudfront:GetInvalidation",
      "logs:CreateLogStream logs:PutLogEvents",
      "s3:DeleteObject s3:GetObject s3:PutObject",
      "s3:GetObject",
      "s3:ListBucket",
    ]);
    expect(byActions.get("s3:ListBucket")).toEqual({ "Fn::GetAtt": [siteId, "Arn"] });
    expect(byActions.get("s3:DeleteObject s3:GetObject s3:PutObject")).toEqual({
      "Fn::Join": ["", [{ "Fn::GetAtt": [siteId, "Arn"] }, "/*"]],
    });
    // Only the build's own zip in the CDK assets bucket.
    expect(JSON.stringify(byActions.get("s3:GetObject"))).toMatch(
      /cdk-[a-z0-9]+-assets-.*\/[0-9a-f]{64}\.zip/,
    );
    expect(
      JSON.stringify(byActions.get("cloudfront:CreateInvalidation cloudfront:GetInvalidation")),
    ).toContain(`{"Ref":"${distributionId}"}`);
  });

  it("uses a custom domain with TLS 1.2 (2021) when given one", () => {
    const [, distribution] = only(branded, "AWS::CloudFront::Distribution");
    expect(distribution.Properties.DistributionConfig).toMatchObject({
      Aliases: ["onedoor.example.cn"],
      ViewerCertificate: {
        AcmCertificateArn: WEB_CERT,
        MinimumProtocolVersion: "TLSv1.2_2021",
        SslSupportMethod: "sni-only",
      },
    });
    expect(branded.findOutputs("WebUrl").WebUrl?.Value).toBe("https://onedoor.example.cn");
    // The image bucket lets the custom domain's pages upload too.
    const rules = (
      bucketOf(branded, "files")[1].Properties.CorsConfiguration as {
        CorsRules: { AllowedOrigins: unknown[] }[];
      }
    ).CorsRules;
    expect(rules.flatMap((rule) => rule.AllowedOrigins)).toContain("https://onedoor.example.cn");
  });
});

describe("observability", () => {
  /** Alarm name suffix → threshold, comparison, periods (all of which must breach), missing data. */
  const expectedAlarms: Record<string, [number, string, number, string]> = {
    "api-5xx-rate": [1, "GreaterThanOrEqualToThreshold", 2, "notBreaching"],
    "api-latency-p99": [2500, "GreaterThanOrEqualToThreshold", 3, "notBreaching"],
    "api-lambda-errors": [3, "GreaterThanOrEqualToThreshold", 1, "notBreaching"],
    "api-lambda-throttles": [1, "GreaterThanOrEqualToThreshold", 1, "notBreaching"],
    "jobs-lambda-errors": [2, "GreaterThanOrEqualToThreshold", 1, "notBreaching"],
    "jobs-lambda-throttles": [1, "GreaterThanOrEqualToThreshold", 1, "notBreaching"],
    "table-throttles": [10, "GreaterThanOrEqualToThreshold", 1, "notBreaching"],
    "table-system-errors": [5, "GreaterThanOrEqualToThreshold", 1, "notBreaching"],
    "jobs-failing": [3, "GreaterThanOrEqualToThreshold", 1, "notBreaching"],
    "jobs-not-running": [5, "LessThanThreshold", 1, "breaching"],
    "outbox-backlog-age": [900, "GreaterThanOrEqualToThreshold", 2, "notBreaching"],
  };

  function alarms(template: Template): Map<string, Record<string, unknown>> {
    return new Map(
      resourcesOf(template, "AWS::CloudWatch::Alarm").map(([, alarm]) => [
        String(alarm.Properties.AlarmName).replace(/^onedoor-[a-z0-9-]+?-(?=(api|jobs|table|outbox)-)/, ""),
        alarm.Properties,
      ]),
    );
  }

  it("has each alarm in prod with its threshold, and sends alarm and recovery to the topic", () => {
    const all = alarms(prod);
    expect([...all.keys()].sort()).toEqual(Object.keys(expectedAlarms).sort());
    const [topicId] = only(prod, "AWS::SNS::Topic");
    for (const [name, [threshold, comparison, periods, missing]] of Object.entries(expectedAlarms)) {
      expect(all.get(name), name).toMatchObject({
        AlarmName: `onedoor-prod-${name}`,
        Threshold: threshold,
        ComparisonOperator: comparison,
        EvaluationPeriods: periods,
        DatapointsToAlarm: periods,
        TreatMissingData: missing,
        AlarmActions: [{ Ref: topicId }],
        OKActions: [{ Ref: topicId }],
        AlarmDescription: expect.stringMatching(/.{40,}/),
      });
    }
  });

  it("reads the right metrics", () => {
    const all = alarms(prod);
    const [apiId] = only(prod, "AWS::ApiGatewayV2::Api");
    const [apiFnId] = fn(prod, "onedoor-prod-api");
    const rate = JSON.stringify(all.get("api-5xx-rate")?.Metrics);
    expect(rate).toContain("IF(requests >= 20, 100 * errors / requests, 0)");
    expect(rate).toContain('"MetricName":"5xx"');
    expect(rate).toContain('"MetricName":"Count"');
    expect(all.get("api-latency-p99")).toMatchObject({
      Namespace: "AWS/ApiGateway",
      MetricName: "Latency",
      ExtendedStatistic: "p99",
      Period: 300,
      Dimensions: [{ Name: "ApiId", Value: { Ref: apiId } }],
    });
    expect(all.get("api-lambda-errors")).toMatchObject({
      Namespace: "AWS/Lambda",
      MetricName: "Errors",
      Statistic: "Sum",
      Dimensions: [{ Name: "FunctionName", Value: { Ref: apiFnId } }],
    });
    expect(all.get("jobs-lambda-throttles")).toMatchObject({ MetricName: "Throttles" });
    const throttled = JSON.stringify(all.get("table-throttles")?.Metrics);
    for (const operation of [
      "GetItem",
      "Query",
      "PutItem",
      "UpdateItem",
      "TransactWriteItems",
      "BatchWriteItem",
    ])
      expect(throttled).toContain(`"Value":"${operation}"`);
    expect(throttled).toContain('"MetricName":"ThrottledRequests"');
    expect(JSON.stringify(all.get("table-system-errors")?.Metrics)).toContain('"MetricName":"SystemErrors"');
    for (const [name, metric, statistic] of [
      ["jobs-failing", JOB_METRICS.failures, "Sum"],
      ["jobs-not-running", JOB_METRICS.runs, "Sum"],
      ["outbox-backlog-age", JOB_METRICS.backlogAge, "Maximum"],
    ] as const) {
      expect(all.get(name), name).toMatchObject({
        Namespace: "OneDoor",
        MetricName: metric,
        Statistic: statistic,
        Dimensions: [{ Name: "Stage", Value: "prod" }],
      });
    }
    expect(all.get("jobs-not-running")?.Period).toBe(600);
  });

  it("has no alarms in dev unless asked, and the same set when asked", () => {
    dev.resourceCountIs("AWS::CloudWatch::Alarm", 0);
    expect([...alarms(branded).keys()].sort()).toEqual(Object.keys(expectedAlarms).sort());
  });

  it("e-mails the alarm topic's subscribers from context, over TLS only", () => {
    const [topicId] = only(prod, "AWS::SNS::Topic");
    const endpoints = resourcesOf(prod, "AWS::SNS::Subscription").map(([, s]) => s.Properties);
    expect(endpoints).toEqual([
      expect.objectContaining({ Protocol: "email", Endpoint: "ops@example.cn", TopicArn: { Ref: topicId } }),
      expect.objectContaining({ Protocol: "email", Endpoint: "duty@example.cn", TopicArn: { Ref: topicId } }),
    ]);
    prod.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
    dev.resourceCountIs("AWS::SNS::Subscription", 0);
  });

  it("draws one dashboard per stage with the API, functions, table, jobs, outbox and web", () => {
    for (const [template, stage] of [
      [dev, "dev"],
      [prod, "prod"],
    ] as const) {
      const [, dashboard] = only(template, "AWS::CloudWatch::Dashboard");
      expect(dashboard.Properties.DashboardName).toBe(`onedoor-${stage}`);
      const body = JSON.stringify(dashboard.Properties.DashboardBody);
      for (const metric of [
        "Latency",
        "5xx",
        "Invocations",
        "Throttles",
        "ConsumedReadCapacityUnits",
        "ThrottledRequests",
        JOB_METRICS.runs,
        JOB_METRICS.failures,
        JOB_METRICS.backlogAge,
        "5xxErrorRate",
      ])
        expect(body, metric).toContain(metric);
    }
  });
});

describe("cdk-nag", () => {
  it("finds nothing unacknowledged in dev, prod or a stage with custom domains (a finding throws)", () => {
    for (const context of [
      { stage: "dev" },
      { stage: "prod", alarmEmails: "ops@example.cn" },
      {
        stage: "staging",
        apiDomainName: "api.onedoor.example.cn",
        apiCertificateArn: API_CERT,
        webDomainName: "onedoor.example.cn",
        webCertificateArn: WEB_CERT,
      },
    ]) {
      const { app } = createOneDoorApp({
        context: { ...cdkJson.context, "aws:cdk:bundling-stacks": [], ...context },
        builtinCloudFormationValidation: false,
      });
      expect(() => app.synth(), context.stage).not.toThrow();
    }
  });

  it("fails the synth on a finding nobody acknowledged", () => {
    const { app, stack } = createOneDoorApp({
      context: { ...cdkJson.context, "aws:cdk:bundling-stacks": [], stage: "dev" },
      builtinCloudFormationValidation: false,
    });
    // A bucket without access logs or a TLS-only policy: AwsSolutions-S1 and -S10.
    new s3.Bucket(Stack.of(stack), "Careless", { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
    let text = "";
    try {
      app.synth();
    } catch (error) {
      text = String(error);
    }
    expect(text).toContain("AwsSolutions-S1");
    expect(text).toContain("AwsSolutions-S10");
    expect(text).toContain("Careless");
  });
});

describe("full synth", () => {
  let outdir: string;
  afterAll(() => outdir && rmSync(outdir, { recursive: true, force: true }));

  it("bundles both functions with source maps and stages the web build", { timeout: 240_000 }, () => {
    outdir = mkdtempSync(join(tmpdir(), "onedoor-synth-"));
    const { app, stack } = createOneDoorApp({
      context: { ...cdkJson.context, stage: "prod" },
      outdir,
    });
    const assembly = app.synth();
    const template = assembly.getStackArtifact(stack.artifactId).template as {
      Resources: Record<string, Resource>;
    };
    const functions = Object.values(template.Resources).filter((r) => r.Type === "AWS::Lambda::Function");
    const ours = functions.filter((r) => String(r.Properties.FunctionName).startsWith("onedoor-prod-"));
    expect(ours).toHaveLength(2);
    for (const resource of ours) {
      const key = String((resource.Properties.Code as { S3Key: string }).S3Key);
      const assetDir = join(outdir, `asset.${key.replace(/\.zip$/, "")}`);
      const files = readdirSync(assetDir);
      expect(files, String(resource.Properties.FunctionName)).toEqual(
        expect.arrayContaining(["index.mjs", "index.mjs.map"]),
      );
      expect(readFileSync(join(assetDir, "index.mjs"), "utf8").length).toBeGreaterThan(100_000);
    }
    // The web build was staged as an asset for the deployment.
    const staged = readdirSync(outdir).filter((name) => name.startsWith("asset."));
    expect(staged.some((name) => existsSync(join(outdir, name, "index.html")))).toBe(true);
  });
});
