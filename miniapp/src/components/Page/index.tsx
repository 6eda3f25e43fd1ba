import { View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { type ReactNode, useEffect } from "react";
import { useSettings } from "../../store/settings";
import "./index.scss";

interface PageProps {
  id: string;
  /** Navigation bar title; follows the chosen language. */
  title?: string;
  className?: string;
  children: ReactNode;
}

/** Every page renders inside this: it carries the language and the large-text scale. */
export function Page({ id, title, className, children }: PageProps) {
  const { largeText, locale } = useSettings();

  useEffect(() => {
    if (title) void Taro.setNavigationBarTitle({ title }).catch(() => undefined);
  }, [title]);

  const classes = ["od-page", `locale-${locale}`, largeText ? "large-text" : "", className ?? ""];
  return (
    <View id={id} className={classes.filter(Boolean).join(" ")}>
      {children}
    </View>
  );
}
