import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/**
 * In AWS the JWT signing key and the WeChat app secret live in Secrets Manager; the function gets
 * only their ARNs. Read once per container at cold start, then kept in memory.
 */
export async function resolveSecretEnv(env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  const wanted: [string, string | undefined][] = [
    ["JWT_SECRET", env.JWT_SECRET_ARN],
    ["WECHAT_APP_SECRET", env.WECHAT_SECRET_ARN],
  ];
  const pending = wanted.filter(([name, arn]) => arn && !env[name]);
  if (pending.length === 0) return env;
  const client = new SecretsManagerClient({});
  const resolved = { ...env };
  await Promise.all(
    pending.map(async ([name, arn]) => {
      const result = await client.send(new GetSecretValueCommand({ SecretId: arn }));
      resolved[name] = result.SecretString ?? "";
    }),
  );
  return resolved;
}
