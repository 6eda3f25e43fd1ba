import { describe, expect, it } from "vitest";
import { excerptOf, parseBody, sanitizeText } from "./format.js";

const markup = /<[A-Za-z/!]/;

describe("sanitising notice text", () => {
  it.each([
    ["a tag split by a zero-width space", "<\u200bscript>alert(1)<\u200b/script>"],
    ["a tag split by a NUL", "<\u0000img src=x onerror=alert(1)>"],
    ["a tag rebuilt from the pieces of another", "<<b>img src=x onerror=alert(1)>"],
    ["a nested script", "<scr<script>x</script>ipt>alert(1)</script>"],
    ["an unclosed comment", "<!-- <img src=x onerror=alert(1)>"],
    ["an SVG handler", "<svg/onload=alert(1)>"],
    ["an unclosed tag at the end", "你好<img src=x onerror=alert(1)"],
  ])("leaves no markup from %s", (_what, input) => {
    expect(sanitizeText(input)).not.toMatch(markup);
    expect(sanitizeText(input, false)).not.toMatch(markup);
  });

  it("removes every direction mark and invisible character but keeps emoji joiners", () => {
    const input = "退\u202e款\u061c通\u2066知\u2028第\u00ad二\u2060条 👨\u200d👩\u200d👧";
    expect(sanitizeText(input)).toBe("退款通知第二条 👨\u200d👩\u200d👧");
  });

  it("keeps a plain less-than sign readable", () => {
    expect(sanitizeText("面积 < 90 平方米")).toBe("面积 < 90 平方米");
    expect(sanitizeText("a<b")).toBe("a＜b");
  });

  it("keeps links to OneDoor pages only", () => {
    const body = sanitizeText(
      "[预约](/pages/legal/slots/index) [外链](https://x.example) [脚本](javascript:alert(1))",
    );
    // The link ends at the first ")": what is left of the script is plain text.
    expect(body).toBe("[预约](/pages/legal/slots/index) 外链 脚本)");
    const [block] = parseBody(body);
    expect(block).toEqual({
      type: "paragraph",
      inlines: [
        { type: "link", text: "预约", path: "/pages/legal/slots/index" },
        { type: "text", text: " 外链 脚本)" },
      ],
    });
  });

  it("keeps bold words inside their sentence in the excerpt", () => {
    expect(excerptOf(parseBody("期间**停止供气**。\n- 关闭阀门"))).toBe("期间停止供气。 关闭阀门");
  });

  it("parses headings, lists and bold, and makes an excerpt of the words", () => {
    const blocks = parseBody("# 标题\n第一段\n续行\n\n- 甲\n- **乙**\n1. 一\n2. 二");
    expect(blocks.map((b) => b.type)).toEqual(["heading", "paragraph", "list", "list"]);
    expect(blocks[2]).toMatchObject({
      ordered: false,
      items: [[{ text: "甲" }], [{ type: "bold", text: "乙" }]],
    });
    expect(blocks[3]).toMatchObject({ ordered: true });
    expect(excerptOf(blocks, 8)).toBe("标题 第一段 续…");
  });
});
