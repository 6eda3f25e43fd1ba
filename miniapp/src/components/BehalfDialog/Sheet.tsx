import { ScrollView, Text, View } from "@tarojs/components";
import type { ReactNode } from "react";
import "./index.scss";

interface SheetProps {
  id: string;
  title: string;
  children: ReactNode;
}

/**
 * A dialog drawn inside the page over a dimmed background (not Taro.showModal), so it carries the
 * page's large-text scale and stable ids. Its content scrolls on its own: the mask catches moves.
 */
export function Sheet({ id, title, children }: SheetProps) {
  return (
    <View className="od-sheet-mask" id={id} catchMove>
      <View className="od-sheet">
        <Text className="od-sheet-title">{title}</Text>
        <ScrollView scrollY className="od-sheet-body">
          {children}
        </ScrollView>
      </View>
    </View>
  );
}
