import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

const valid = {
  STAGE: "prod",
  TABLE_NAME: "onedoor-prod",
  JWT_SECRET: "x".repeat(40),
  UPLOAD_BUCKET: "onedoor-prod-uploads",
};

describe("config", () => {
  it("parses the environment with defaults", () => {
    const config = loadConfig({ ...valid, CORS_ORIGINS: "https://a.example, https://b.example" });
    expect(config.CORS_ORIGINS).toEqual(["https://a.example", "https://b.example"]);
    expect(config.JWT_TTL_SECONDS).toBe(7 * 24 * 3600);
    expect(config.WECHAT_API_BASE).toBe("https://api.weixin.qq.com");
  });

  it("needs an upload bucket outside the local stage", () => {
    const { UPLOAD_BUCKET: _bucket, ...withoutBucket } = valid;
    expect(() => loadConfig(withoutBucket)).toThrow(/UPLOAD_BUCKET: required outside the local stage/);
    expect(loadConfig({ ...withoutBucket, STAGE: "local" }).UPLOAD_BUCKET).toBeUndefined();
  });

  it("names every missing or invalid variable in one message", () => {
    expect(() => loadConfig({ STAGE: "Prod!", JWT_SECRET: "short" })).toThrow(ConfigError);
    try {
      loadConfig({ STAGE: "Prod!", JWT_SECRET: "short" });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("STAGE");
      expect(message).toContain("TABLE_NAME");
      expect(message).toContain("JWT_SECRET");
    }
  });
});
