import { type CfnElement, Stack, Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import type { OneDoorStack } from "./onedoor-stack.js";

/**
 * Every cdk-nag (AWS Solutions) finding this stack accepts, each with the reason it is right here.
 * Anything not listed fails the synth: see the cdk-nag test in infra/test.
 */
export function acknowledgeFindings(stack: OneDoorStack): void {
  const { api, secrets, storage, web, config } = stack;

  for (const secret of [secrets.jwtSigningKey, secrets.wechatAppSecret]) {
    acknowledge(
      secret,
      "AwsSolutions-SMG4",
      "No rotation Lambda: the WeChat AppSecret is rotated in the WeChat console and then put here by an operator; the JWT key is rotated by putting a new value (tokens last 7 days at most). infra/README.md has both procedures.",
    );
  }

  const uploads = arnRef(storage.bucket.node.defaultChild as CfnElement);
  for (const prefix of ["uploads", "notices", "cases"]) {
    acknowledge(
      api.function.role,
      `AwsSolutions-IAM5[Resource::${uploads}/${prefix}/*]`,
      `Object keys are per image (notice image or case photo: ${prefix}/<community>/<yyyy-mm>/<id>.<ext>), created at run time: the policy can only name the prefix. Actions are s3:GetObject and s3:PutObject only.`,
    );
  }

  acknowledge(
    api.httpApi,
    "AwsSolutions-APIG4",
    "Authorization is the app's own: every route but health and the WeChat login checks the bearer JWT and the caller's role and community (functions/src/http/auth.ts, tested route by route). An API Gateway authorizer would duplicate that check and add latency to every request.",
  );

  acknowledge(
    web.deployRole,
    `AwsSolutions-IAM5[Resource::${arnRef(web.bucket.node.defaultChild as CfnElement)}/*]`,
    "The deployment syncs the whole web build into its own bucket (put, and delete of files a new build no longer has): every key of that one bucket. Actions are named: s3:GetObject, s3:PutObject, s3:DeleteObject.",
  );
  const deployHandler = Stack.of(stack).node.children.find((child) =>
    child.node.id.startsWith("Custom::CDKBucketDeployment"),
  );
  if (deployHandler) {
    acknowledge(
      deployHandler,
      "AwsSolutions-L1",
      "aws-cdk-lib's BucketDeployment handler (Python, with the AWS CLI layer) runs only during a deploy, to copy the web build; its runtime is set by aws-cdk-lib and moves with its upgrades.",
    );
  }

  acknowledge(
    web.distribution,
    "AwsSolutions-CFR1",
    "No geo restriction: residents' relatives abroad and staff travelling use OneDoor too, and every API call is authenticated anyway.",
  );
  acknowledge(
    web.distribution,
    "AwsSolutions-CFR2",
    "No WAF (from about US$8 a month per stage, more than the rest of a community's bill): the API behind /api/* is throttled per stage and rate-limits logins itself; the rest is static files.",
  );
  acknowledge(
    web.distribution,
    "AwsSolutions-CFR3",
    "No CloudFront access logs: standard logs cannot be delivered to a bucket in an opt-in region such as ap-east-1 (Hong Kong), where OneDoor's data lives, and v2 logging must be set up in us-east-1. Every /api/* request is in the HTTP API's own JSON access log; the rest are the web build's static files (the web bucket's S3 access logs record what CloudFront fetched).",
  );
  if (!config.webDomain) {
    acknowledge(
      web.distribution,
      "AwsSolutions-CFR4",
      "Without a custom domain the distribution uses CloudFront's default *.cloudfront.net certificate, whose minimum TLS version cannot be set. With --context webDomainName/webCertificateArn the minimum is TLSv1.2_2021 and this finding does not arise.",
    );
  }
}

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** How cdk-nag writes a resource's ARN in a finding: `<LogicalId.Arn>`. */
function arnRef(element: CfnElement): string {
  return `<${Stack.of(element).getLogicalId(element)}.Arn>`;
}
