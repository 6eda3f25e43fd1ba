import fc from "fast-check";

/**
 * Invalid inputs derived from an OpenAPI 3.1 document's JSON schemas, for the bad-input suite.
 *
 * `violations` is a small validator for the part of JSON Schema the API's zod schemas produce;
 * every generated case is checked with it, so a case is only sent when the schema itself says it
 * is wrong (a 2xx answer then means validation is looser than the documented schema). Where the
 * schema cannot tell (a plain string whose rule lives in a zod refinement, e.g. a day), the case
 * is marked `expect: "4xx"` instead of `"400"`.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  example?: unknown;
}

/** A JSON value that JSON.stringify cannot write (1e999, NaN…): spliced into the text as is. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text of a value that may hold RawJson pieces. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

/** A lone surrogate: a string that is not well-formed Unicode. */
export const hasLoneSurrogate = (text: string) => /[\uD800-\uDFFF]/u.test(text);

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export class SchemaTools {
  constructor(private readonly components: Record<string, JsonSchema> = {}) {}

  deref(schema: JsonSchema): JsonSchema {
    let s = schema;
    for (let i = 0; s.$ref && i < 20; i++) {
      const name = s.$ref.replace("#/components/schemas/", "");
      const target = this.components[name];
      if (!target) throw new Error(`Unknown $ref ${s.$ref}`);
      s = target;
    }
    return s;
  }

  /** The JSON types a schema admits ("integer" also counts as "number" data). */
  types(schema: JsonSchema): Set<string> {
    const s = this.deref(schema);
    const branches = s.anyOf ?? s.oneOf;
    if (branches) return new Set(branches.flatMap((b) => [...this.types(b)]));
    if (s.type) return new Set(Array.isArray(s.type) ? s.type : [s.type]);
    if (s.enum) return new Set(s.enum.map(jsonType));
    return new Set(["string", "number", "integer", "boolean", "null", "array", "object"]);
  }

  /** Where `value` breaks `schema` (paths, "" for the value itself); empty when it is valid. */
  violations(schema: JsonSchema, value: unknown, path = ""): string[] {
    const s = this.deref(schema);
    const branches = s.anyOf ?? s.oneOf;
    if (branches) {
      const each = branches.map((b) => this.violations(b, value, path));
      return each.some((v) => v.length === 0) ? [] : [path, ...each.flat()];
    }
    if (s.allOf) return s.allOf.flatMap((b) => this.violations(b, value, path));
    if (s.const !== undefined && value !== s.const) return [path];
    if (s.enum && !s.enum.includes(value)) return [path];
    const type = jsonType(value);
    const allowed = this.types(s);
    if (!(allowed.has(type) || (type === "integer" && allowed.has("number")))) return [path];
    const at = (key: string) => (path ? `${path}.${key}` : key);
    switch (type) {
      case "string": {
        const text = value as string;
        const bad =
          hasLoneSurrogate(text) ||
          (s.minLength !== undefined && text.length < s.minLength) ||
          (s.maxLength !== undefined && text.length > s.maxLength) ||
          (s.pattern !== undefined && !new RegExp(s.pattern).test(text)) ||
          (s.format === "date-time" && !(DATE_TIME.test(text) && !Number.isNaN(Date.parse(text))));
        return bad ? [path] : [];
      }
      case "integer":
      case "number": {
        const n = value as number;
        const bad =
          !Number.isFinite(n) ||
          (allowed.has("integer") && !allowed.has("number") && !Number.isSafeInteger(n)) ||
          (s.minimum !== undefined && n < s.minimum) ||
          (s.maximum !== undefined && n > s.maximum) ||
          (s.exclusiveMinimum !== undefined && n <= s.exclusiveMinimum) ||
          (s.exclusiveMaximum !== undefined && n >= s.exclusiveMaximum);
        return bad ? [path] : [];
      }
      case "array": {
        const items = value as unknown[];
        if (s.minItems !== undefined && items.length < s.minItems) return [path];
        if (s.maxItems !== undefined && items.length > s.maxItems) return [path];
        return s.items
          ? items.flatMap((item, i) => this.violations(s.items as JsonSchema, item, at(String(i))))
          : [];
      }
      case "object": {
        const object = value as Record<string, unknown>;
        const found: string[] = [];
        for (const key of s.required ?? []) if (!Object.hasOwn(object, key)) found.push(at(key));
        for (const [key, v] of Object.entries(object)) {
          if (hasLoneSurrogate(key)) found.push(at(key));
          const property = s.properties?.[key];
          if (property) found.push(...this.violations(property, v, at(key)));
          else if (s.additionalProperties === false) found.push(at(key));
        }
        return found;
      }
      default:
        return [];
    }
  }

  /**
   * A valid value of the schema (deterministic; best effort where only a refinement knows).
   * `full`: every optional property too, and at least one item in arrays, so nested fields exist.
   */
  sample(schema: JsonSchema, full = false): unknown {
    const s = this.deref(schema);
    const branches = s.anyOf ?? s.oneOf;
    if (branches?.[0]) return this.sample(branches[0], full);
    if (s.const !== undefined) return s.const;
    if (s.enum) return s.enum[0];
    const types = this.types(s);
    if (types.has("object")) {
      const keys = full ? Object.keys(s.properties ?? {}) : (s.required ?? []);
      return Object.fromEntries(keys.map((key) => [key, this.sample(s.properties?.[key] ?? {}, full)]));
    }
    if (types.has("array")) {
      const length = Math.max(s.minItems ?? 0, full ? Math.min(1, s.maxItems ?? 1) : 0);
      return Array.from({ length }, () => this.sample(s.items ?? {}, full));
    }
    if (types.has("string")) return this.sampleString(s);
    if (types.has("integer") || types.has("number")) {
      let n = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
      if (s.maximum !== undefined && n > s.maximum) n = s.maximum;
      return types.has("number") ? n : Math.ceil(n);
    }
    if (types.has("boolean")) return true;
    return null;
  }

  private sampleString(s: JsonSchema): string {
    if (typeof s.example === "string" && this.violations(s, s.example).length === 0) return s.example;
    if (s.format === "date-time") return "2027-01-31T12:00:00.000Z";
    if (s.pattern) {
      const found = fc
        .sample(fc.stringMatching(new RegExp(s.pattern)), { numRuns: 50, seed: 42 })
        .find((text) => this.violations(s, text).length === 0);
      if (found !== undefined) return found;
      throw new Error(`No sample for pattern ${s.pattern}`);
    }
    const min = s.minLength ?? 0;
    const text = "测试内容abc".repeat(Math.ceil(Math.max(min, 4) / 7));
    return text.slice(0, Math.max(min, Math.min(text.length, s.maxLength ?? text.length, 8)));
  }

  /** True when the string schema has a rule the JSON schema shows (so a string can break it). */
  constrainedString(schema: JsonSchema): boolean {
    const s = this.deref(schema);
    return Boolean(s.maxLength !== undefined || s.pattern || s.enum || s.format || s.const !== undefined);
  }
}

export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value instanceof RawJson) return "raw";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** Unicode edge cases; only the first two are wrong everywhere (not well-formed). */
export const UNICODE = {
  loneHigh: "ab\ud800cd",
  loneLow: "\udfff",
  reversedPair: "\udc00\ud800",
  nul: "a\u0000b",
  zeroWidth: "\u200b\u200c\u200d\ufeff",
  rtl: "\u202eabc\u202c\u2066\u2067\u2069",
  combining: `e${"\u0301".repeat(200)}`,
  nonCharacters: "\ufffe\uffff",
  emoji: "👨‍👩‍👧‍👦".repeat(2000),
} as const;

/** A value that is wrong for one field of a body, with a name for the report. */
export interface BadValue {
  kind: string;
  value: unknown;
}

/** Wrong values for one property schema, each checked to break it. */
export function badValues(tools: SchemaTools, schema: JsonSchema): BadValue[] {
  const s = tools.deref(schema);
  const types = tools.types(s);
  const candidates: BadValue[] = [
    { kind: "type:string", value: "text" },
    { kind: "type:number", value: 7 },
    { kind: "type:boolean", value: true },
    { kind: "type:null", value: null },
    { kind: "type:array", value: [1] },
    { kind: "type:object", value: { x: 1 } },
    { kind: "unicode:lone-high-surrogate", value: UNICODE.loneHigh },
    { kind: "unicode:lone-low-surrogate", value: UNICODE.loneLow },
    { kind: "unicode:reversed-pair", value: UNICODE.reversedPair },
    { kind: "deep-nesting", value: new RawJson(`${"[".repeat(5000)}${"]".repeat(5000)}`) },
  ];
  if (types.has("string")) {
    if (s.maxLength !== undefined)
      candidates.push({ kind: "maxLength+1", value: "x".repeat(s.maxLength + 1) });
    if (s.minLength) candidates.push({ kind: "minLength-1", value: "x".repeat(s.minLength - 1) });
    if (tools.constrainedString(s)) {
      candidates.push({ kind: "huge-string", value: "x".repeat(60_000) });
      candidates.push({ kind: "unicode:emoji", value: UNICODE.emoji });
      for (const [name, text] of Object.entries(UNICODE))
        if (!["loneHigh", "loneLow", "reversedPair", "emoji"].includes(name))
          candidates.push({ kind: `unicode:${name}`, value: text });
    }
    if (s.pattern) {
      for (const text of ["", " ", "a b", "<script>", "../../etc", "'; DROP TABLE x;--", "ＡＢＣ"])
        candidates.push({ kind: "pattern", value: text });
    }
    if (s.enum) candidates.push({ kind: "enum", value: `${String(s.enum[0])}-not-listed` });
    if (s.format === "date-time") {
      for (const text of ["2026-02-30T25:61:00Z", "2026-11-23", "tomorrow"])
        candidates.push({ kind: "format", value: text });
    }
  }
  if (types.has("number") || types.has("integer")) {
    candidates.push(
      { kind: "negative", value: -1 },
      { kind: "enormous:1e308", value: 1e308 },
      { kind: "enormous:-1e308", value: -1e308 },
      { kind: "enormous:MAX_SAFE_INTEGER+2", value: Number.MAX_SAFE_INTEGER + 2 },
      { kind: "infinity:1e999", value: new RawJson("1e999") },
      { kind: "infinity:-1e999", value: new RawJson("-1e999") },
      { kind: "tiny:5e-324", value: 5e-324 },
    );
    if (types.has("integer") && !types.has("number")) candidates.push({ kind: "fraction", value: 1.5 });
    if (s.minimum !== undefined) candidates.push({ kind: "below-minimum", value: s.minimum - 1 });
    if (s.exclusiveMinimum !== undefined)
      candidates.push({ kind: "at-exclusiveMinimum", value: s.exclusiveMinimum });
    if (s.maximum !== undefined) candidates.push({ kind: "above-maximum", value: s.maximum + 1 });
  }
  if (types.has("array")) {
    const item = s.items ? tools.sample(s.items) : 1;
    if (s.maxItems !== undefined)
      candidates.push({ kind: "maxItems+1", value: Array.from({ length: s.maxItems + 1 }, () => item) });
    if (s.minItems)
      candidates.push({ kind: "minItems-1", value: Array.from({ length: s.minItems - 1 }, () => item) });
    if (s.items)
      for (const bad of badValues(tools, s.items).slice(0, 4))
        candidates.push({ kind: `item:${bad.kind}`, value: [bad.value] });
  }
  if (types.has("object") && s.additionalProperties === false)
    candidates.push({ kind: "unknown-property", value: { ...(tools.sample(s) as object), unexpected: 1 } });
  return candidates.filter((c) => isInvalid(tools, s, c.value));
}

/** RawJson numbers (1e999) parse to ±Infinity, which no schema accepts; nesting breaks any typed value. */
function isInvalid(tools: SchemaTools, schema: JsonSchema, value: unknown): boolean {
  if (value instanceof RawJson) {
    if (!value.text.startsWith("[")) return true;
    const s = tools.deref(schema);
    return !tools.types(s).has("array") || (s.items !== undefined && !tools.types(s.items).has("array"));
  }
  return tools.violations(schema, value).length > 0;
}

/** One request to send: the body as JSON text, and the field the 400 must name ("" for the body). */
export interface BodyCase {
  kind: string;
  field: string;
  body: string;
}

const setAt = (root: unknown, path: string[], value: unknown): unknown => {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[Number(head)] = setAt(copy[Number(head)], rest, value);
    return copy;
  }
  const object = { ...(root as Record<string, unknown>) };
  object[head] = setAt(object[head], rest, value);
  return object;
};

const removeAt = (root: unknown, path: string[]): unknown => {
  const parent = path.slice(0, -1);
  const last = path[path.length - 1] as string;
  const update = (node: unknown): unknown => {
    const { [last]: _removed, ...rest } = node as Record<string, unknown>;
    return rest;
  };
  if (parent.length === 0) return update(root);
  let node = root;
  for (const key of parent) node = (node as Record<string, unknown>)[key];
  return setAt(root, parent, update(node));
};

/** Every property of a body schema, nested objects and the first item of arrays included. */
export function fieldsOf(
  tools: SchemaTools,
  schema: JsonSchema,
  sample: unknown,
  path: string[] = [],
): { path: string[]; schema: JsonSchema; required: boolean; present: boolean }[] {
  const s = tools.deref(schema);
  const branch = (s.anyOf ?? s.oneOf)?.[0];
  if (branch) return fieldsOf(tools, branch, sample, path);
  const out: ReturnType<typeof fieldsOf> = [];
  if (s.properties && sample && typeof sample === "object" && !Array.isArray(sample)) {
    for (const [key, property] of Object.entries(s.properties)) {
      const present = Object.hasOwn(sample, key);
      out.push({
        path: [...path, key],
        schema: property,
        required: (s.required ?? []).includes(key),
        present,
      });
      const value = (sample as Record<string, unknown>)[key];
      if (present) out.push(...fieldsOf(tools, property, value, [...path, key]));
    }
  }
  const items = s.items;
  if (items && Array.isArray(sample) && sample.length > 0)
    out.push(...fieldsOf(tools, items, sample[0], [...path, "0"]));
  return out;
}

/** Kinds sent once per body, not once per field (they are about the body's size or depth). */
const BODY_LEVEL_KINDS = new Set(["deep-nesting", "huge-string", "unicode:emoji"]);
const familyOf = (kind: string) => kind.split(":")[0] as string;
/** `count` items of `list`, starting at `start` and wrapping: rotation spreads kinds over routes. */
export const rotate = <T>(list: readonly T[], start: number, count: number): T[] =>
  list.length <= count
    ? [...list]
    : Array.from({ length: count }, (_, i) => list[(start + i) % list.length] as T);

/**
 * The deterministic cases for one request body schema. Each field gets every family of wrong
 * value once (one wrong type, one pattern breaker…, rotating through the family by field), every
 * required field is left out once, and every kind appears at least once per body; size and depth
 * kinds, non-object bodies and unicode in an otherwise invalid body once per body, rotated by
 * `rotation` (the route's index) so all of them are covered across the routes.
 */
export function bodyCases(tools: SchemaTools, schema: JsonSchema, rotation = 0): BodyCase[] {
  const sample = tools.sample(schema, true);
  const cases: BodyCase[] = [];
  const covered = new Set<string>();
  const add = (kind: string, field: string, body: unknown) => {
    covered.add(kind);
    cases.push({ kind, field, body: toJsonText(body) });
  };
  const fields = fieldsOf(tools, schema, sample);
  const leftovers: { kind: string; field: string; body: unknown }[] = [];
  for (const [i, field] of fields.entries()) {
    const name = field.path.join(".");
    if (field.required && field.present) add("missing", name, removeAt(sample, field.path));
    const families = new Map<string, BadValue[]>();
    for (const bad of badValues(tools, field.schema)) {
      leftovers.push({ kind: bad.kind, field: name, body: setAt(sample, field.path, bad.value) });
      if (BODY_LEVEL_KINDS.has(bad.kind)) continue;
      families.set(familyOf(bad.kind), [...(families.get(familyOf(bad.kind)) ?? []), bad]);
    }
    for (const list of families.values()) {
      const bad = list[(i + rotation) % list.length] as BadValue;
      add(bad.kind, name, setAt(sample, field.path, bad.value));
    }
  }
  for (const left of leftovers) if (!covered.has(left.kind)) add(left.kind, left.field, left.body);

  const s = tools.deref(schema);
  if (s.additionalProperties === false)
    add("unknown-property", "unexpected", { ...(sample as object), unexpected: "x" });
  for (const body of rotate(['"text"', "42", "[]", "null", "true", "[{}]"], rotation * 2, 2))
    cases.push({ kind: "not-an-object", field: "", body });

  // Unicode edge cases in the fields of an otherwise invalid body (a required field missing, or
  // an unknown property where nothing is required): the 400 names the broken field.
  const required = fields.find((f) => f.required && f.present && f.path.length === 1);
  const broken = required
    ? { field: required.path.join("."), body: removeAt(sample, required.path) }
    : s.additionalProperties === false
      ? { field: "unexpected", body: { ...(sample as object), unexpected: "x" } }
      : undefined;
  const strings = fields.filter(
    (f) => f.path.length === 1 && f.path[0] !== broken?.field && tools.types(f.schema).has("string"),
  );
  if (broken && strings[0]) {
    for (const [name, text] of rotate(Object.entries(UNICODE), rotation * 3, 3))
      add(`unicode-in-invalid-body:${name}`, broken.field, setAt(broken.body, strings[0].path, text));
  }

  // A lone surrogate in an otherwise valid body: not well-formed Unicode, refused with 400.
  for (const f of fields) {
    const fs = tools.deref(f.schema);
    if (!f.present || !tools.types(fs).has("string") || fs.pattern || fs.enum || fs.format) continue;
    const text = withLoneSurrogate(fs);
    if (text !== undefined)
      add("lone-surrogate-in-valid-body", f.path.join("."), setAt(sample, f.path, text));
  }
  return cases;
}

/** A string that meets the schema's lengths but holds a lone surrogate (undefined if none fits). */
export function withLoneSurrogate(schema: JsonSchema): string | undefined {
  const min = Math.max(schema.minLength ?? 0, 3);
  const max = schema.maxLength ?? 40;
  if (max < 1) return undefined;
  const text = `\ud800${"测试内容测试内容测试".slice(0, Math.max(min, 3) - 1)}`;
  return text.length <= max ? text : "\ud800";
}

/** fast-check: random invalid bodies (a random field set to a random wrong value), checked invalid. */
export function arbitraryInvalidBody(tools: SchemaTools, schema: JsonSchema): fc.Arbitrary<BodyCase> {
  const sample = tools.sample(schema, true);
  const fields = fieldsOf(tools, schema, sample);
  const anyString = fc.string({
    unit: fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
      fc.constantFrom(...Object.values(UNICODE).map((t) => t.slice(0, 12))),
    ),
    maxLength: 80,
  });
  const wrong: fc.Arbitrary<unknown> = fc.oneof(
    anyString,
    fc.double(),
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
    fc.dictionary(anyString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  );
  const withField =
    fields.length === 0
      ? fc.constant<BodyCase | null>(null)
      : fc
          .tuple(fc.constantFrom(...fields), wrong, fc.boolean())
          .map(([field, value, remove]): BodyCase | null => {
            const body =
              remove && field.required ? removeAt(sample, field.path) : setAt(sample, field.path, value);
            if (tools.violations(schema, body).length === 0) return null;
            return {
              kind: remove && field.required ? "random-missing" : "random-value",
              field: field.path.join("."),
              body: toJsonText(body),
            };
          });
  return withField.filter((c): c is BodyCase => c !== null);
}

/** Malformed JSON bodies (and JSON that is not one value). */
export const MALFORMED_JSON = [
  "",
  "{",
  '{"a":',
  '{"a":1,}',
  "[1,2,]",
  "{'a':1}",
  '{"a":1}{"b":2}',
  '{"a":undefined}',
  "NaN",
  '{"a":NaN}',
  '{"a":"unterminated}',
  '{"a":"\\x41"}',
  '{"a":"\\ud800',
  "\ufeff{",
  "[".repeat(10_000),
];

/** Path and query values; the ones a parameter's schema allows are filtered out by the caller. */
export const PARAM_VALUES: { kind: string; value: string }[] = [
  { kind: "space", value: "a%20b" },
  { kind: "nul", value: "%00" },
  { kind: "encoded-slash", value: "a%2Fb" },
  { kind: "emoji", value: encodeURIComponent("😀") },
  { kind: "cesu-surrogate", value: "%ED%A0%80" },
  { kind: "invalid-utf8", value: "%FF%FE" },
  { kind: "bare-percent", value: "%" },
  { kind: "bad-escape", value: "%ZZ" },
  { kind: "zero-width", value: encodeURIComponent(UNICODE.zeroWidth) },
  { kind: "rtl", value: encodeURIComponent(UNICODE.rtl) },
  { kind: "long-2k", value: "x".repeat(2_000) },
  { kind: "huge-60k", value: "y".repeat(60_000) },
  { kind: "negative", value: "-1" },
  { kind: "zero", value: "0" },
  { kind: "fraction", value: "1.5" },
  { kind: "enormous", value: "1e308" },
  { kind: "unsafe-integer", value: "9007199254740993" },
  { kind: "infinity", value: "1e999" },
  { kind: "word", value: "abc" },
  { kind: "script", value: encodeURIComponent("<script>") },
  { kind: "sql", value: encodeURIComponent("' OR 1=1--") },
  { kind: "bad-day", value: "2026-02-30" },
  { kind: "bad-day-format", value: "23.11.2026" },
];

/** What the server sees for a raw path or query value: decoded where the escapes are valid. */
export function decoded(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** A query or path value as the API's zod schema sees it: numbers are coerced from text. */
export function paramValue(tools: SchemaTools, schema: JsonSchema, raw: string): unknown {
  const types = tools.types(schema);
  const text = decoded(raw);
  return (types.has("integer") || types.has("number")) && !types.has("string") ? Number(text) : text;
}

/** What a response to a bad input must be. `field`: the 400's details must name it. */
export interface Expectation {
  /** An exact status, or any 4xx where the schema cannot tell the server's rule. */
  status: number | "4xx";
  field?: string;
}

/**
 * Why a response to a bad input is wrong, or null when it is right: never 5xx, never 2xx/3xx,
 * always `{error:{code,message}}`; a 400 has details of {path,message}, one of them naming the
 * field (itself, a part of it, or the object holding it, whose message names the key).
 */
export function judgeResponse(expect: Expectation, status: number, json: unknown): string | null {
  if (status >= 500) return `${status}: a server error`;
  if (status < 400) return `${status}: accepted, validation is looser than the schema`;
  const error = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (typeof error?.code !== "string" || typeof error.message !== "string")
    return `${status}: not the error shape {error:{code,message}}`;
  if (expect.status !== "4xx" && status !== expect.status)
    return `${status} ${error.code}: expected ${expect.status}`;
  if (status !== 400) return null;
  const details = error.details;
  if (
    !Array.isArray(details) ||
    details.length === 0 ||
    !details.every((d) => typeof d?.path === "string" && typeof d?.message === "string")
  )
    return `400 ${error.code}: no details [{path,message}]`;
  if (expect.field === undefined) return null;
  const field = expect.field;
  const last = field.split(".").pop() ?? field;
  const names = (d: { path: string; message: string }) =>
    d.path === field ||
    d.path.startsWith(`${field}.`) ||
    (d.path !== "" && d.path !== "query" && d.path !== "param" && field.startsWith(`${d.path}.`)) ||
    ((field.startsWith(`${d.path}.`) || d.path === "" || d.path === field.split(".")[0]) &&
      d.message.includes(last));
  return details.some(names)
    ? null
    : `400: details do not name ${JSON.stringify(field)}: ${JSON.stringify(details).slice(0, 300)}`;
}
