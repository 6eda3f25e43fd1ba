import { Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import type { Block, Inline } from "../../../api/notices";
import { t } from "../../../i18n";

/**
 * Opens a page a notice links to. There is no tab bar, so navigateTo serves every page, the main
 * package's too; it fails on a page this build does not have, or with the page stack full.
 */
function openLink(path: string): void {
  void Taro.navigateTo({ url: path }).catch(() => {
    void Taro.showToast({ title: t("nr.linkUnavailable"), icon: "none" });
  });
}

/**
 * A notice's body as the API parsed it: headings, paragraphs, lists, bold and links to OneDoor
 * pages, drawn with Text and View only — no HTML is ever rendered (the compose preview uses it too).
 */
function Inlines({ inlines, prefix }: { inlines: Inline[]; prefix: string }) {
  return (
    <>
      {inlines.map((inline, i) => {
        const key = `${prefix}-${i}`;
        if (inline.type === "bold")
          return (
            <Text key={key} className="nt-bold">
              {inline.text}
            </Text>
          );
        if (inline.type === "link")
          return (
            <Text key={key} className="nt-link" onClick={() => openLink(inline.path)}>
              {inline.text}
            </Text>
          );
        return <Text key={key}>{inline.text}</Text>;
      })}
    </>
  );
}

export function NoticeBody({ blocks, id }: { blocks: Block[]; id?: string }) {
  return (
    <View id={id} className="nt-body">
      {blocks.map((block, i) => {
        const key = `b${i}`;
        if (block.type === "heading")
          return (
            <View key={key} className={`nt-heading nt-heading-${block.level}`}>
              <Inlines inlines={block.inlines} prefix={key} />
            </View>
          );
        if (block.type === "list")
          return (
            <View key={key} className="nt-list">
              {block.items.map((item, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a body's blocks never reorder; position is identity
                <View key={`${key}-${j}`} className="nt-list-item">
                  <Text className="nt-list-mark">{block.ordered ? `${j + 1}.` : "•"}</Text>
                  <View className="nt-list-text">
                    <Inlines inlines={item} prefix={`${key}-${j}`} />
                  </View>
                </View>
              ))}
            </View>
          );
        return (
          <View key={key} className="nt-paragraph">
            <Inlines inlines={block.inlines} prefix={key} />
          </View>
        );
      })}
    </View>
  );
}
