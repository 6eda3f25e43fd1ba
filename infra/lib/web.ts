import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Duration, type RemovalPolicy, Stack } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3deploy from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import { ensureMiniappBuild } from "../../functions/src/local/h5-build.js";
import type { Api } from "./api.js";
import type { StageConfig } from "./config.js";
import { repoRoot } from "./paths.js";
import { privateBucket, type Storage } from "./storage.js";

export interface WebProps {
  readonly config: StageConfig;
  readonly api: Api;
  readonly storage: Storage;
  readonly removalPolicy: RemovalPolicy;
}

/** Where the mini-program's H5 build lands (miniapp/config: outputRoot dist/h5). */
export const H5_DIR = join(repoRoot, "miniapp", "dist", "h5");

/**
 * The mini-program's H5 build for desktop browsers (staff at the window, lawyers at their desk):
 * a private bucket that only this distribution may read (origin access control), HTTPS only,
 * security headers on every response. `/api/*` goes to the HTTP API through the same host, so the
 * web build calls its own origin (it is built with an empty API base, as for `npm start`): no
 * CORS for the web, and a content security policy of 'self' plus the image bucket.
 */
export class Web extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly headers: cloudfront.ResponseHeadersPolicy;
  /** Copies the build into the bucket during a deploy (BucketDeployment's function). */
  readonly deployRole: iam.Role;
  private readonly customDomain?: string;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    const { config, api, storage } = props;
    this.customDomain = config.webDomain?.domainName;
    const stack = Stack.of(this);

    this.bucket = new s3.Bucket(this, "Site", {
      ...privateBucket(this, config, "web", props.removalPolicy),
      serverAccessLogsBucket: storage.logs,
      serverAccessLogsPrefix: "s3/web/",
    });

    // A deployment that synthesizes the assets builds the H5 app first (once; skipped when it is
    // newer than its sources). A synth with bundling skipped (the unit tests) takes what is there.
    // Always with an empty API base: the page calls its own origin (CloudFront's /api/*), whatever
    // TARO_APP_API_BASE the shell has for the WeChat build; a build made with another base is rebuilt.
    if (stack.bundlingRequired) {
      // NODE_ENV too: Taro builds for production unless told otherwise (vitest sets "test").
      const { TARO_APP_API_BASE: _base, NODE_ENV: _mode, ...env } = process.env;
      ensureMiniappBuild(repoRoot, "h5", (line) => console.error(`[web] ${line}`), env);
    }
    const built = existsSync(join(H5_DIR, "index.html"));

    this.headers = new cloudfront.ResponseHeadersPolicy(this, "SecurityHeaders", {
      responseHeadersPolicyName: `onedoor-${config.stage}-security-headers`,
      comment: `OneDoor ${config.stage}: security headers for the web build and the API`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(
            `https://${storage.host}`,
            built ? inlineScriptHashes(readFileSync(join(H5_DIR, "index.html"), "utf8")) : [],
          ),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        // The old XSS auditor is gone from browsers and could be abused: "0" switches it off.
        xssProtection: { protection: false, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          // The web build uses none of these; a file chooser needs no camera permission.
          { header: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()", override: true },
        ],
      },
    });

    const certificate = config.webDomain
      ? acm.Certificate.fromCertificateArn(this, "Certificate", config.webDomain.certificateArn)
      : undefined;

    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: `OneDoor ${config.stage} web`,
      defaultRootObject: "index.html",
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
      },
      additionalBehaviors: {
        "/api/*": {
          origin: new origins.HttpOrigin(api.host, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          }),
          // A redirect would turn a POST into a GET: plain HTTP is refused instead.
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          // Everything the viewer sent (the token, the idempotency key), except Host, which must
          // be the API's own for API Gateway to route it.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.headers,
        },
      },
      domainNames: config.webDomain ? [config.webDomain.domainName] : undefined,
      certificate,
      // Settable with a certificate of our own only: *.cloudfront.net keeps CloudFront's default.
      minimumProtocolVersion: certificate ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // North America, Europe, Asia (Hong Kong, Singapore, Japan…): the edges nearest mainland
      // residents, without the most expensive regions.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
    });

    // The deployment function's own role, given exactly the calls `aws s3 sync` and the
    // invalidation make. CDK's default grants (s3:GetObject*, s3:List*, s3:DeleteObject*, …,
    // cloudfront:* on every distribution) are kept off it by handing the deployment an immutable
    // view of the role.
    const deployRole = new iam.Role(this, "DeployRole", {
      description: `OneDoor ${config.stage}: copies the web build into its bucket`,
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
    });
    this.deployRole = deployRole;
    const deployLogs = new logs.LogGroup(this, "DeployLogs", {
      retention: config.logDays,
      removalPolicy: props.removalPolicy,
    });
    deployLogs.grantWrite(deployRole);
    const handlerRole = deployRole.withoutPolicyUpdates();
    const bound = (
      built
        ? s3deploy.Source.asset(H5_DIR)
        : s3deploy.Source.data(
            "index.html",
            "<!doctype html><title>OneDoor: the web build was not built</title>",
          )
    ).bind(this, { handlerRole });
    const content: s3deploy.ISource = { bind: () => bound };
    deployRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ["s3:GetObject"],
        resources: [bound.bucket.arnForObjects(bound.zipObjectKey)],
      }),
    );
    deployRole.addToPolicy(
      new iam.PolicyStatement({ actions: ["s3:ListBucket"], resources: [this.bucket.bucketArn] }),
    );
    deployRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        resources: [this.bucket.arnForObjects("*")],
      }),
    );
    deployRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"],
        resources: [this.distribution.distributionArn],
      }),
    );
    const deployment = {
      destinationBucket: this.bucket,
      role: handlerRole,
      logGroup: deployLogs,
      memoryLimit: 512,
    };

    // Hashed files first, cached for a year; index.html after them, never cached, so a browser
    // never gets a page whose scripts are not there yet. Old hashed files are kept (no prune): a
    // page loaded before a deploy still finds the chunks it loads on demand. They are a few MB per
    // release.
    const assets = new s3deploy.BucketDeployment(this, "DeployAssets", {
      ...deployment,
      sources: [content],
      // The build's settings record (functions/src/local/h5-build.ts) is not for browsers.
      exclude: ["index.html", ".onedoor-build.json"],
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString("public, max-age=31536000, immutable")],
    });
    const page = new s3deploy.BucketDeployment(this, "DeployPage", {
      ...deployment,
      sources: [content],
      exclude: ["*"],
      include: ["index.html"],
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString("no-cache")],
      distribution: this.distribution,
      distributionPaths: ["/", "/index.html"],
    });
    page.node.addDependency(assets);
  }

  /** `https://<distribution domain>` or the custom domain: where staff open OneDoor. */
  get url(): string {
    return `https://${this.domainName}`;
  }

  get domainName(): string {
    return this.customDomain ?? this.distribution.distributionDomainName;
  }
}

/**
 * Only this origin's scripts (plus the inline ones of index.html, by hash: Taro's font-size
 * snippet), styles (Taro and NutUI inject style elements, hence 'unsafe-inline' for styles
 * only), images from the bucket the API signs URLs for, uploads to it, nothing framed.
 */
export function contentSecurityPolicy(imageOrigin: string, scriptHashes: string[]): string {
  return [
    "default-src 'self'",
    ["script-src 'self'", ...scriptHashes.map((hash) => `'${hash}'`)].join(" "),
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${imageOrigin}`,
    `connect-src 'self' ${imageOrigin}`,
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** `sha256-…` of every inline script in the page, as a CSP source expression wants it. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    const body = match[1] ?? "";
    if (body.trim() === "") continue;
    hashes.push(`sha256-${createHash("sha256").update(body, "utf8").digest("base64")}`);
  }
  return hashes;
}
