import { Aws, Duration, type RemovalPolicy, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import type { StageConfig } from "./config.js";

export interface StorageProps {
  readonly config: StageConfig;
  readonly removalPolicy: RemovalPolicy;
}

/** Keys of notice images (functions/src/notices: `notices/<communityId>/<yyyy-mm>/<id>.<ext>`). */
export const NOTICE_IMAGE_KEYS = "notices/*";
/** Keys of case photos (functions/src/cases: `cases/<communityId>/<yyyy-mm>/<id>.<ext>`): 随手拍 and its progress. */
export const CASE_PHOTO_KEYS = "cases/*";
/** Where phones upload (`uploads/…`); a notice or case that names an upload keeps a copy under notices/ or cases/. */
export const UPLOAD_KEYS = "uploads/*";
/** An upload no notice took within a day is gone. */
export const UPLOAD_DAYS = 1;

/**
 * The bucket for uploaded images (functions/src/storage/s3-store.ts). Phones and browsers upload
 * straight to it with a presigned POST the API signs; readers get presigned GET URLs. Nothing in
 * it is public: every request is signed with the API function's role.
 */
export class Storage extends Construct {
  readonly bucket: s3.Bucket;
  /** Server access logs of the files and web buckets. */
  readonly logs: s3.Bucket;
  private readonly name: string;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const { config } = props;

    this.logs = new s3.Bucket(this, "Logs", {
      // S3's access logs come in through the bucket policy: no ACLs needed.
      ...privateBucket(this, config, "logs", props.removalPolicy),
      lifecycleRules: [{ id: "expire-logs", expiration: Duration.days(config.logDays) }],
    });

    this.name = bucketName(this, config, "files");
    this.bucket = new s3.Bucket(this, "Uploads", {
      // ACLs off: the presigned POST sets none, and the account owns every object uploaded.
      ...privateBucket(this, config, "files", props.removalPolicy),
      // Prod can recover an overwritten or deleted image; other stages are disposable.
      versioned: config.isProduction,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: "s3/files/",
      cors: config.corsOrigins.length > 0 ? corsFor(config.corsOrigins) : undefined,
      lifecycleRules: [
        {
          id: "abort-incomplete-multipart-uploads",
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        // Uploads are copied into notices/ or cases/ when a record names them: what is left is abandoned.
        { id: "expire-abandoned-uploads", prefix: "uploads/", expiration: Duration.days(UPLOAD_DAYS) },
        // Versioning keeps replaced and deleted images for a month, not for ever.
        ...(config.isProduction
          ? [{ id: "expire-noncurrent-versions", noncurrentVersionExpiration: Duration.days(30) }]
          : []),
      ],
    });
  }

  /**
   * What the API does with images (notice images, case photos) and nothing more: s3:PutObject (a
   * presigned POST is authorised as the role that signed it; a copy into notices/ or cases/ is a
   * put) and s3:GetObject (the ranged check, the copy's source and signed reads) on `uploads/*`,
   * `notices/*` and `cases/*`. s3:ListBucket on the bucket itself makes S3 answer 404 NoSuchKey for an upload
   * that never arrived, which s3-store.ts turns into a validation error; without it S3 answers 403
   * AccessDenied and composing a notice with an unfinished upload fails with a 500.
   */
  /** Lets pages served from these origins (the web distribution) upload and read images. */
  allowBrowserOrigins(origins: string[]): void {
    for (const rule of corsFor(origins)) this.bucket.addCorsRule(rule);
  }

  /** The host phones and browsers upload to and read images from (what s3-store.ts signs for). */
  get host(): string {
    // bucketRegionalDomainName spelled out from the name rather than read from the bucket: the web
    // distribution's security headers name this host, and the bucket's CORS names the
    // distribution, so a reference each way would be a cycle.
    return `${this.name}.s3.${Aws.REGION}.${Aws.URL_SUFFIX}`;
  }

  grantImages(grantee: iam.IGrantable): void {
    for (const keys of [UPLOAD_KEYS, NOTICE_IMAGE_KEYS, CASE_PHOTO_KEYS])
      this.bucket.grants.actionsOnObjectKeys(grantee, keys, "s3:PutObject", "s3:GetObject");
    iam.Grant.addToPrincipal({ grantee, actions: ["s3:ListBucket"], resourceArns: [this.bucket.bucketArn] });
  }
}

/**
 * What every bucket of the stack shares: its name, no public access, S3-managed encryption, TLS
 * only, ACLs off (the account owns every object), and the stage's removal policy; a disposable
 * stage empties its buckets on delete (a custom resource), prod keeps them.
 */
export function privateBucket(
  scope: Construct,
  config: StageConfig,
  purpose: "files" | "web" | "logs",
  removalPolicy: RemovalPolicy,
): s3.BucketProps {
  return {
    bucketName: bucketName(scope, config, purpose),
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy,
    autoDeleteObjects: !config.isProduction,
  };
}

/**
 * `onedoor-<stage>-<purpose>-<account>-<region>`: bucket names are global across all AWS accounts,
 * so the account and region keep two deployments of the same stage apart. Longest case (20-char
 * stage, 5-char purpose, 14-char region) is 62 of the 63 allowed.
 */
export function bucketName(scope: Construct, config: StageConfig, purpose: "files" | "web" | "logs"): string {
  const { account, region } = Stack.of(scope);
  return `onedoor-${config.stage}-${purpose}-${account}-${region}`;
}

function corsFor(origins: readonly string[]): s3.CorsRule[] {
  return [
    {
      // The H5 build POSTs the upload form (Taro's XHR upload is preflighted) and reads images.
      allowedOrigins: [...origins],
      allowedMethods: [s3.HttpMethods.POST, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
      allowedHeaders: ["content-type"],
      maxAge: Duration.hours(1).toSeconds(),
    },
  ];
}
