import { Image, Text, View } from "@tarojs/components";
import { parseBody, sanitizeText } from "../../../../../../functions/src/notices/format";
import type { NoticeCategory } from "../../../../api/notices";
import { useT } from "../../../../i18n";
import { categoryKey, categoryTone, flagKey, flagTone } from "../../../../utils/notices-format";
import { NoticeBody } from "../../common/NoticeBody";

interface Props {
  title: string;
  body: string;
  category: NoticeCategory;
  pinned: boolean;
  ackRequired: boolean;
  images: Array<{ id: string; src: string }>;
  /** Who it goes to and when, for staff (residents do not see this line). */
  meta: string;
}

/**
 * The notice as residents will read it: the text sanitised and parsed on the phone with the very
 * functions the server uses, drawn by the same NoticeBody (Text and View, never HTML); its tags in
 * the notice page's order and colours, and the residents' own 我已知晓 button.
 */
export function Preview({ title, body, category, pinned, ackRequired, images, meta }: Props) {
  const t = useT();
  const blocks = parseBody(sanitizeText(body, true));
  const heading = sanitizeText(title, false);
  return (
    <View className="card nc-preview" id="nc-preview-sheet">
      <Text className="nc-preview-label">{t("nw.preview.label")}</Text>
      <Text className="lw-muted-row" id="nc-preview-meta">
        {meta}
      </Text>
      <View className="nc-preview-paper">
        <View className="nc-preview-tags">
          {pinned ? (
            <Text className={`badge badge-${flagTone.pinned}`} id="nc-preview-pinned">
              {t(flagKey("pinned"))}
            </Text>
          ) : null}
          <Text className={`badge badge-${categoryTone[category]}`} id="nc-preview-category">
            {t(categoryKey(category))}
          </Text>
        </View>
        <Text className="nc-preview-title" id="nc-preview-title">
          {heading || t("nw.preview.noTitle")}
        </Text>
        {blocks.length > 0 ? (
          <NoticeBody blocks={blocks} id="nc-preview-body" />
        ) : (
          <Text className="lw-muted-row" id="nc-preview-body">
            {t("nw.preview.noBody")}
          </Text>
        )}
        {images.length > 0 ? (
          <View className="nc-preview-images">
            {images.map((image, i) => (
              <Image
                key={image.id}
                id={`nc-preview-image-${i}`}
                className="nc-preview-image"
                src={image.src}
                mode="widthFix"
              />
            ))}
          </View>
        ) : null}
        {ackRequired ? (
          <View className="nc-preview-ack">
            <Text>{t("nr.notice.ack")}</Text>
          </View>
        ) : null}
      </View>
    </View>
  );
}
