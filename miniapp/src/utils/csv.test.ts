import { describe, expect, it } from "vitest";
import { BOM, csvField, csvFileName, toCsv } from "./csv";

/** A small RFC 4180 reader for the round trip: fields, quotes, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field !== "" || row.length > 0) throw new Error("the last row has no CRLF");
  return rows;
}

describe("csvField", () => {
  it("leaves plain text, Chinese included, as it is", () => {
    expect(csvField("环境卫生")).toBe("环境卫生");
    expect(csvField("HX-20261122-0042")).toBe("HX-20261122-0042");
    expect(csvField("")).toBe("");
  });

  it("quotes a field holding a comma, a quote or a line break, and doubles its quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('他说"马上修"')).toBe('"他说""马上修"""');
    expect(csvField("第一行\n第二行")).toBe('"第一行\n第二行"');
    expect(csvField("第一行\r\n第二行")).toBe('"第一行\r\n第二行"');
    expect(csvField('"')).toBe('""""');
  });

  it("does not quote what needs no quotes (spaces, semicolons, Chinese commas)", () => {
    expect(csvField("1栋 2单元")).toBe("1栋 2单元");
    expect(csvField("a;b，c")).toBe("a;b，c");
  });

  it("writes numbers and booleans as they are and null/undefined as empty fields", () => {
    expect(csvField(0)).toBe("0");
    expect(csvField(1509)).toBe("1509");
    expect(csvField(-3)).toBe("-3");
    expect(csvField(0.996)).toBe("0.996");
    expect(csvField(Number.NaN)).toBe("");
    expect(csvField(Number.POSITIVE_INFINITY)).toBe("");
    expect(csvField(true)).toBe("true");
    expect(csvField(false)).toBe("false");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
  });

  it("guards text that a spreadsheet would run as a formula with a leading apostrophe", () => {
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField("+8613800000000")).toBe("'+8613800000000");
    expect(csvField("-2")).toBe("'-2");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\t=cmd")).toBe("'\t=cmd");
    expect(csvField("\r=cmd")).toBe('"\'\r=cmd"');
  });

  it("guards and then quotes when a formula also holds a comma or a quote", () => {
    expect(csvField('=HYPERLINK("http://x","点我")')).toBe('"\'=HYPERLINK(""http://x"",""点我"")"');
    expect(csvField("=A1,B1")).toBe('"\'=A1,B1"');
  });

  it("leaves those characters alone when they are not first", () => {
    expect(csvField("1+1=2")).toBe("1+1=2");
    expect(csvField("a@b.cn")).toBe("a@b.cn");
    expect(csvField(" =1")).toBe(" =1");
  });
});

describe("toCsv", () => {
  it("starts with the UTF-8 byte order mark and ends every row with CRLF", () => {
    const csv = toCsv([
      ["编号", "天数"],
      ["HX-1", 3],
    ]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toBe(`${BOM}编号,天数\r\nHX-1,3\r\n`);
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it("writes only the mark for no rows, and an empty line for a row of no fields", () => {
    expect(toCsv([])).toBe(BOM);
    expect(toCsv([[]])).toBe(`${BOM}\r\n`);
  });

  it("keeps empty fields in their place", () => {
    expect(toCsv([["a", null, "", undefined, "b"]])).toBe(`${BOM}a,,,,b\r\n`);
  });

  it("reads back field for field, whatever the text holds", () => {
    const rows = [
      ["编号", "描述", "部门", "超期天数"],
      ["HX-20261122-0042", '楼道堆物，"很危险"\r\n请尽快处理', "城管, 一中队", "3"],
      ["HX-20261122-0043", "=1+1", "@物业", "-1"],
      ["", "", "", ""],
    ];
    const parsed = parseCsv(toCsv(rows).slice(BOM.length));
    expect(parsed).toHaveLength(rows.length);
    expect(parsed[0]).toEqual(rows[0]);
    expect(parsed[1]).toEqual(rows[1]);
    // The guarded cells come back with their apostrophe: shown as text, never evaluated.
    expect(parsed[2]).toEqual(["HX-20261122-0043", "'=1+1", "'@物业", "'-1"]);
    expect(parsed[3]).toEqual(rows[3]);
  });
});

describe("csvFileName", () => {
  it("is <name>-<from>-<to>.csv", () => {
    expect(csvFileName("overdue", "2026-11-01", "2026-11-23")).toBe("overdue-2026-11-01-2026-11-23.csv");
    expect(csvFileName("超期案件", "2026-11-01", "2026-11-23")).toBe("超期案件-2026-11-01-2026-11-23.csv");
  });

  it("replaces what a file system refuses and does not start with a dot", () => {
    expect(csvFileName('a/b\\c:d*e?f"g<h>i|j', "2026-11-01", "2026-11-23")).toBe(
      "a_b_c_d_e_f_g_h_i_j-2026-11-01-2026-11-23.csv",
    );
    expect(csvFileName("..hidden", "x", "y")).toBe("hidden-x-y.csv");
    expect(csvFileName("部门 按时率", "2026-11-01", "2026-11-23")).toBe(
      "部门-按时率-2026-11-01-2026-11-23.csv",
    );
  });
});
