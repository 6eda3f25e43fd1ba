import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createApp } from "../../functions/src/app.js";
import type { AppDeps } from "../../functions/src/deps.js";
import {
  arbitraryInvalidBody,
  badValues,
  bodyCases,
  hasLoneSurrogate,
  type JsonSchema,
  judgeResponse,
  RawJson,
  SchemaTools,
  toJsonText,
} from "./invalid-inputs.js";
import { describeDiff, diffSnapshots, stableJson } from "./table-snapshot.js";

/** The generator and the judge of the bad-input suite: a case that is secretly valid, or a judge that lets a 5xx through, would make that suite pass for nothing. */

const schema: JsonSchema = {
  type: "object",
  properties: {
    id: { type: "string", pattern: "^[a-z]{1,8}$" },
    name: { type: "string", minLength: 2, maxLength: 10 },
    note: { type: ["string", "null"], maxLength: 20 },
    kind: { type: "string", enum: ["a", "b"] },
    count: { type: "integer", minimum: 0, maximum: 5 },
    area: { type: "number", exclusiveMinimum: 0, maximum: 100 },
    at: { type: "string", format: "date-time" },
    tags: { type: "array", items: { type: "string", maxLength: 3 }, minItems: 1, maxItems: 2 },
    flag: { type: "boolean" },
  },
  required: ["id", "name", "count"],
  additionalProperties: false,
};
const tools = new SchemaTools();

/** The OpenAPI document of the real app (no table needed to build it). */
function documentSchemas() {
  const app = createApp({ config: { CORS_ORIGINS: [] } } as unknown as AppDeps);
  const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
  const docTools = new SchemaTools((doc.components?.schemas ?? {}) as Record<string, JsonSchema>);
  const bodies = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(
      item as Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>,
    )
      .map(([method, op]) => ({
        key: `${method.toUpperCase()} ${path}`,
        schema: op.requestBody?.content?.["application/json"]?.schema,
      }))
      .filter((b): b is { key: string; schema: JsonSchema } => Boolean(b.schema)),
  );
  return { docTools, bodies };
}

describe("SchemaTools.violations", () => {
  it("accepts the samples and names what is wrong", () => {
    expect(tools.violations(schema, tools.sample(schema))).toEqual([]);
    expect(tools.violations(schema, tools.sample(schema, true))).toEqual([]);
    const good = tools.sample(schema, true) as Record<string, unknown>;
    expect(tools.violations(schema, { ...good, name: "x" })).toEqual(["name"]);
    expect(tools.violations(schema, { ...good, name: "a\ud800" })).toEqual(["name"]);
    expect(tools.violations(schema, { ...good, count: 1.5 })).toEqual(["count"]);
    expect(tools.violations(schema, { ...good, count: Number.MAX_SAFE_INTEGER + 2 })).toEqual(["count"]);
    expect(tools.violations(schema, { ...good, area: 0 })).toEqual(["area"]);
    expect(tools.violations(schema, { ...good, area: Number.POSITIVE_INFINITY })).toEqual(["area"]);
    expect(tools.violations(schema, { ...good, at: "2026-11-23" })).toEqual(["at"]);
    expect(tools.violations(schema, { ...good, tags: ["abcd"] })).toEqual(["tags.0"]);
    expect(tools.violations(schema, { ...good, note: null })).toEqual([]);
    expect(tools.violations(schema, { ...good, extra: 1 })).toEqual(["extra"]);
    const { id: _id, ...withoutId } = good;
    expect(tools.violations(schema, withoutId)).toEqual(["id"]);
  });

  it("lone surrogates are not well-formed; paired ones are", () => {
    expect(hasLoneSurrogate("\ud800")).toBe(true);
    expect(hasLoneSurrogate("\udc00\ud800")).toBe(true);
    expect(hasLoneSurrogate("😀")).toBe(false);
  });
});

describe("generated cases", () => {
  it("every bad value breaks its field", () => {
    for (const property of Object.values(schema.properties ?? {}))
      for (const bad of badValues(tools, property))
        if (!(bad.value instanceof RawJson))
          expect(
            tools.violations(property, bad.value),
            `${bad.kind} ${toJsonText(bad.value).slice(0, 40)}`,
          ).not.toEqual([]);
  });

  it("every body case of every route of the real document is invalid by its schema", () => {
    const { docTools, bodies } = documentSchemas();
    expect(bodies.length).toBeGreaterThan(40);
    let checked = 0;
    for (const [i, { key, schema: body }] of bodies.entries()) {
      expect(docTools.violations(body, docTools.sample(body, true)), `${key}: the sample is valid`).toEqual(
        [],
      );
      for (const c of bodyCases(docTools, body, i)) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(c.body);
        } catch {
          continue; // not JSON at all: invalid for any schema
        }
        checked++;
        expect(docTools.violations(body, parsed), `${key} [${c.kind}] ${c.body.slice(0, 80)}`).not.toEqual(
          [],
        );
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("fast-check's random bodies are all invalid too", () => {
    const { docTools, bodies } = documentSchemas();
    const arbitrary = fc
      .constantFrom(...bodies)
      .chain(({ schema: body }) => arbitraryInvalidBody(docTools, body).map((c) => ({ body, c })));
    fc.assert(
      fc.property(arbitrary, ({ body, c }) => docTools.violations(body, JSON.parse(c.body)).length > 0),
      { seed: 8, numRuns: 300 },
    );
  });
});

describe("judgeResponse", () => {
  const error = (details?: unknown) => ({
    error: { code: "VALIDATION_FAILED", message: "no", requestId: "r", details },
  });
  it("passes a 400 naming the field, and any 4xx where the schema cannot tell", () => {
    expect(
      judgeResponse({ status: 400, field: "name" }, 400, error([{ path: "name", message: "too short" }])),
    ).toBeNull();
    expect(
      judgeResponse({ status: 400, field: "tags.0" }, 400, error([{ path: "tags", message: "bad" }])),
    ).toBeNull();
    expect(
      judgeResponse(
        { status: 400, field: "extra" },
        400,
        error([{ path: "", message: 'Unrecognized key: "extra"' }]),
      ),
    ).toBeNull();
    expect(judgeResponse({ status: "4xx" }, 404, { error: { code: "NOT_FOUND", message: "no" } })).toBeNull();
    expect(
      judgeResponse({ status: 413 }, 413, { error: { code: "PAYLOAD_TOO_LARGE", message: "big" } }),
    ).toBeNull();
  });
  it("fails 5xx, 2xx, a wrong shape, a wrong status and details that miss the field", () => {
    expect(judgeResponse({ status: "4xx" }, 500, error())).toMatch(/server error/);
    expect(judgeResponse({ status: "4xx" }, 502, error())).toMatch(/server error/);
    expect(judgeResponse({ status: 400 }, 201, { topic: {} })).toMatch(/looser/);
    expect(judgeResponse({ status: 400 }, 400, { message: "bad" })).toMatch(/error shape/);
    expect(judgeResponse({ status: 400 }, 404, error())).toMatch(/expected 400/);
    expect(judgeResponse({ status: 400, field: "name" }, 400, error())).toMatch(/no details/);
    expect(
      judgeResponse({ status: 400, field: "name" }, 400, error([{ path: "id", message: "bad" }])),
    ).toMatch(/do not name/);
    expect(judgeResponse({ status: 400, field: "name" }, 400, error([{ path: "", message: "bad" }]))).toMatch(
      /do not name/,
    );
  });
});

describe("table snapshot diff", () => {
  it("is stable across key and set order, and names items by PK | SK and attribute", () => {
    expect(stableJson({ b: { N: "1" }, a: { SS: ["y", "x"] } })).toBe(
      stableJson({ a: { SS: ["x", "y"] }, b: { N: "1" } }),
    );
    const before = new Map([
      ["A | 1", stableJson({ v: { N: "1" } })],
      ["B | 1", stableJson({ v: { N: "1" } })],
    ]);
    const after = new Map([
      ["A | 1", stableJson({ v: { N: "2" } })],
      ["C | 1", stableJson({ v: { N: "1" } })],
    ]);
    const diff = diffSnapshots(before, after);
    expect(diff.added).toEqual(["C | 1"]);
    expect(diff.removed).toEqual(["B | 1"]);
    expect(diff.changed.map((c) => [c.key, c.attributes])).toEqual([["A | 1", ["v"]]]);
    expect(describeDiff(diff)).toMatch(/added {3}C \| 1[\s\S]*removed B \| 1[\s\S]*changed A \| 1 \(v\)/);
    expect(describeDiff(diffSnapshots(before, before))).toBe("table unchanged");
  });
});
