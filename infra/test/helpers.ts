import { readFileSync } from "node:fs";
import { Template } from "aws-cdk-lib/assertions";
import { expect } from "vitest";
import { createOneDoorApp } from "../lib/app.js";

export const cdkJson = JSON.parse(readFileSync(new URL("../cdk.json", import.meta.url), "utf8")) as {
  context: Record<string, unknown>;
};

/** Synthesizes one stage with cdk.json's feature flags, skipping bundling and CFN validation for speed. */
export function synth(context: Record<string, unknown>) {
  const { stack } = createOneDoorApp({
    context: { ...cdkJson.context, "aws:cdk:bundling-stacks": [], ...context },
    builtinCloudFormationValidation: false,
  });
  return { stack, template: Template.fromStack(stack) };
}

export interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}

export function resourcesOf(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type)) as [string, Resource][];
}

export function only(template: Template, type: string): [string, Resource] {
  const entries = resourcesOf(template, type);
  expect(entries, `exactly one ${type}`).toHaveLength(1);
  return entries[0] as [string, Resource];
}

/** The one function with this name (the API and the jobs are two functions). */
export function fn(template: Template, name: string): [string, Resource] {
  const entries = resourcesOf(template, "AWS::Lambda::Function").filter(
    ([, resource]) => resource.Properties.FunctionName === name,
  );
  expect(entries, `exactly one function ${name}`).toHaveLength(1);
  return entries[0] as [string, Resource];
}

/** What every bucket of the stack has: no public access, SSE-S3, ACLs off. */
export const PRIVATE_BUCKET = {
  PublicAccessBlockConfiguration: {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  },
  BucketEncryption: {
    ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
  },
  OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
};

/** The bucket `onedoor-<stage>-<purpose>-<account>-<region>` (files, web or logs). */
export function bucketOf(template: Template, purpose: "files" | "web" | "logs"): [string, Resource] {
  const entries = resourcesOf(template, "AWS::S3::Bucket").filter(([, bucket]) => {
    const name = bucket.Properties.BucketName as { "Fn::Join": [string, unknown[]] };
    return (
      /^onedoor-[a-z0-9-]+-(files|web|logs)-$/.test(String(name["Fn::Join"][1][0])) &&
      String(name["Fn::Join"][1][0]).endsWith(`-${purpose}-`)
    );
  });
  expect(entries, `exactly one ${purpose} bucket`).toHaveLength(1);
  return entries[0] as [string, Resource];
}

export function policyOfBucket(template: Template, bucketId: string): [string, Resource] {
  const entries = resourcesOf(template, "AWS::S3::BucketPolicy").filter(
    ([, policy]) => (policy.Properties.Bucket as { Ref: string }).Ref === bucketId,
  );
  expect(entries, `one policy for ${bucketId}`).toHaveLength(1);
  return entries[0] as [string, Resource];
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every statement of the identity policies attached to this function's role. */
export function roleStatements(template: Template, name: string): Statement[] {
  const role = (fn(template, name)[1].Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
  return resourcesOf(template, "AWS::IAM::Policy")
    .filter(([, policy]) => (policy.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

export const actionsOf = (statement: Statement) => [statement.Action].flat();

export function collectKeys(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectKeys(item, into);
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      into.add(key);
      collectKeys(item, into);
    }
  }
}
