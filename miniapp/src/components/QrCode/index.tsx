import { View } from "@tarojs/components";
import { useMemo } from "react";
import { qrMatrix } from "./matrix";

interface QrCodeProps {
  id?: string;
  /** What the code carries (for tickets: the ticket code alone, never personal data). */
  text: string;
  /** Whole CSS pixels per module: crisp squares for a camera, not scaled with large text. */
  moduleSize?: number;
  /** Accessible label of the picture. */
  label?: string;
}

const QUIET_ZONE = 4;

/**
 * A QR code drawn with Views only — one View per row, one per run of equal modules — so the
 * WeChat and web builds show the same thing without a canvas or an image. Sizes are inline
 * pixels (Taro converts only stylesheet px), so every module is an exact square.
 */
export function QrCode({ id, text, moduleSize = 8, label }: QrCodeProps) {
  const matrix = useMemo(() => qrMatrix(text), [text]);
  const px = (modules: number) => `${modules * moduleSize}px`;
  const side = px(matrix.size);
  return (
    <View
      id={id}
      ariaLabel={label}
      style={{
        boxSizing: "content-box",
        flexShrink: 0,
        width: side,
        height: side,
        padding: px(QUIET_ZONE),
        background: "#fff",
        lineHeight: 0,
      }}
    >
      {matrix.rows.map((runs, r) => (
        <View
          // Rows never reorder: the index is their identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed grid
          key={r}
          style={{ display: "flex", width: side, height: px(1), overflow: "hidden" }}
        >
          {runs.map((run, i) => (
            <View
              // biome-ignore lint/suspicious/noArrayIndexKey: fixed grid
              key={i}
              style={{
                flex: "none",
                width: px(run.length),
                height: px(1),
                background: run.dark ? "#000" : "#fff",
              }}
            />
          ))}
        </View>
      ))}
    </View>
  );
}
