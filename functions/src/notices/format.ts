/**
 * A notice's body: plain paragraphs with a little formatting, never HTML. Staff write
 * `# 标题` / `## 小标题`, `- ` or `1. ` list items, `**粗体**` and `[文字](/pages/…)` links to
 * OneDoor pages. The stored text is sanitised (tags, control and direction-override characters
 * removed) and the API also returns it parsed into blocks, which the mini-program draws with Text
 * and View: there is no path by which text becomes markup.
 */

export type Inline =
  | { type: "text"; text: string }
  | { type: "bold"; text: string }
  | { type: "link"; text: string; path: string };

export type Block =
  | { type: "heading"; level: 1 | 2; inlines: Inline[] }
  | { type: "paragraph"; inlines: Inline[] }
  | { type: "list"; ordered: boolean; items: Inline[][] };

/** Pages a link may open: the mini-program's own, with a plain query string. */
const PAGE_LINK =
  /^\/pages\/(home|me|messages|legal|window|deliberation|notices|staff)\/([a-z-]+\/)?index(\?[A-Za-z0-9_=&%.-]{0,200})?$/;

export const isOneDoorPage = (path: string) => PAGE_LINK.test(path);

/**
 * Characters that must never reach a reader: C0/C1 controls but tab and newline, the soft hyphen,
 * zero-width spaces, line/paragraph separators, invisible operators and every direction mark or
 * override (they can make text read differently from what it is). Zero-width joiners stay: emoji
 * sequences need them.
 */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * Removes markup: invisible characters first (so none can split a tag), then script and style
 * blocks with their content and every other tag (its text stays), again until nothing changes (so
 * a tag cannot be rebuilt from the pieces of another), and finally any `<` still followed by what
 * could start a tag becomes the full-width ＜, which no parser reads as markup.
 */
export function sanitizeText(input: string, multiline = true): string {
  let text = input.normalize("NFC").replace(/\r\n?/g, "\n").replace(INVISIBLE, "");
  for (let previous = ""; previous !== text; ) {
    previous = text;
    text = text.replace(/<(script|style|iframe|object)\b[\s\S]*?(<\/\1\s*>|$)/gi, "");
    text = text.replace(/<!--[\s\S]*?(-->|$)/g, "");
    text = text.replace(/<\/?[A-Za-z][^<>]*>/g, "");
  }
  text = text.replace(/<(?=[A-Za-z/!?])/g, "＜");
  if (!multiline) return text.replace(/\s+/g, " ").trim();
  // A link anywhere but a OneDoor page is kept as its words only.
  text = text.replace(/\[([^\]\n]{1,100})\]\(([^)\s]{0,300})\)/g, (link, words: string, target: string) =>
    isOneDoorPage(target) ? link : words,
  );
  return text
    .split("\n")
    .map((line) => line.replace(/[ \t]+$/g, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const INLINE = /\*\*([^*\n]+?)\*\*|\[([^\]\n]{1,100})\]\(([^)\s]{1,300})\)/g;

/** Bold and links inside a line; a link to anything but a OneDoor page stays as its text. */
export function parseInlines(line: string): Inline[] {
  const inlines: Inline[] = [];
  const push = (inline: Inline) => {
    const last = inlines[inlines.length - 1];
    if (inline.type === "text" && last?.type === "text") last.text += inline.text;
    else if (inline.text) inlines.push(inline);
  };
  let at = 0;
  for (const match of line.matchAll(INLINE)) {
    push({ type: "text", text: line.slice(at, match.index) });
    if (match[1] !== undefined) push({ type: "bold", text: match[1] });
    else if (match[2] !== undefined && match[3] !== undefined)
      push(
        isOneDoorPage(match[3])
          ? { type: "link", text: match[2], path: match[3] }
          : { type: "text", text: match[2] },
      );
    at = (match.index ?? 0) + match[0].length;
  }
  push({ type: "text", text: line.slice(at) });
  return inlines;
}

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,3}[.、)]\s+(.*)$/;
const HEADING = /^(#{1,2})\s+(.*)$/;

/** The body as blocks: headings, paragraphs (lines joined), bulleted and numbered lists. */
export function parseBody(body: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: Inline[][] } | null = null;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ type: "paragraph", inlines: parseInlines(paragraph.join("\n")) });
    paragraph = [];
    if (list) blocks.push({ type: "list", ...list });
    list = null;
  };
  for (const line of body.split("\n")) {
    const heading = HEADING.exec(line);
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (!line.trim()) flush();
    else if (heading) {
      flush();
      blocks.push({
        type: "heading",
        level: (heading[1] as string).length as 1 | 2,
        inlines: parseInlines(heading[2] as string),
      });
    } else if (bullet || numbered) {
      const ordered = Boolean(numbered);
      if (paragraph.length > 0 || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(parseInlines(((bullet ?? numbered) as RegExpExecArray)[1] as string));
    } else {
      if (list) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}

/** The first words of the body as plain text, for the feed: a block's pieces run on, blocks are spaced. */
export function excerptOf(blocks: Block[], length = 60): string {
  const words = (inlines: Inline[]) => inlines.map((inline) => inline.text).join("");
  const text = blocks
    .map((block) => (block.type === "list" ? block.items.map(words).join(" ") : words(block.inlines)))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > length ? `${text.slice(0, length)}…` : text;
}
