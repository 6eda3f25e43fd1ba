import { ScrollView, Text, View } from "@tarojs/components";
import type { ReactNode } from "react";
import "./index.scss";

interface SheetProps {
  id: string;
  title: string;
  children: ReactNode;
  /** Stays under the scrolling content: the buttons and the message about the last attempt. */
  footer?: ReactNode;
}

/**
 * A dialog drawn inside the page over a dimmed background (not Taro.showModal), so it carries the
 * page's large-text scale and stable ids. Its content scrolls on its own: the mask catches moves.
 */
export function Sheet({ id, title, children, footer }: SheetProps) {
  return (
    <View className="od-sheet-mask" id={id} catchMove>
      <View className="od-sheet">
        <Text className="od-sheet-title">{title}</Text>
        <ScrollView scrollY className="od-sheet-body">
          {children}
        </ScrollView>
        {footer ? <View className="od-sheet-footer">{footer}</View> : null}
      </View>
    </View>
  );
}
