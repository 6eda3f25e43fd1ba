import Switch from "@nutui/nutui-react-taro/dist/es/packages/switch/index";
import "@nutui/nutui-react-taro/dist/es/packages/switch/style/css";
import { Text, View } from "@tarojs/components";
import type { ReactNode } from "react";

interface ToggleProps {
  id: string;
  label: string;
  hint?: string;
  checked: boolean;
  onChange(value: boolean): void;
}

/** A switch with its label and, under the label, what it means. */
export function Toggle({ id, label, hint, checked, onChange }: ToggleProps) {
  return (
    <View className="dw-toggle" id={`${id}-row`}>
      <View className="dw-toggle-text">
        <Text className="dw-toggle-label">{label}</Text>
        {hint ? <Text className="dw-toggle-hint">{hint}</Text> : null}
      </View>
      <Switch id={id} checked={checked} onChange={(value: boolean) => onChange(value)} />
    </View>
  );
}

interface ChipProps {
  id: string;
  on: boolean;
  onClick(): void;
  children: ReactNode;
}

export function Chip({ id, on, onClick, children }: ChipProps) {
  return (
    <View id={id} className={`lw-chip${on ? " lw-chip-on" : ""}`} onClick={onClick}>
      {children}
    </View>
  );
}
