import Switch from "@nutui/nutui-react-taro/dist/es/packages/switch/index";
import "@nutui/nutui-react-taro/dist/es/packages/switch/style/css";
import { Text, View } from "@tarojs/components";
import type { ReactNode } from "react";

interface SectionProps {
  /** The field's name: the section is `nc-field-<name>`, its error `nc-error-<name>`. */
  name: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}

/** A labelled part of the form, full width: label, control, hint, then the error under it. */
export function Section({ name, label, hint, error, children }: SectionProps) {
  return (
    <View id={`nc-field-${name}`} className={`lw-field lw-field-stacked${error ? " lw-field-invalid" : ""}`}>
      <View className="lw-field-row">
        <Text className="lw-field-label">{label}</Text>
        <View className="lw-field-control">{children}</View>
      </View>
      {hint ? <Text className="lw-muted-row">{hint}</Text> : null}
      {error ? (
        <Text className="lw-field-error" id={`nc-error-${name}`}>
          {error}
        </Text>
      ) : null}
    </View>
  );
}

interface ChipProps {
  id: string;
  on: boolean;
  disabled?: boolean;
  danger?: boolean;
  onClick(): void;
  children: ReactNode;
}

export function Chip({ id, on, disabled, danger, onClick, children }: ChipProps) {
  const classes = [
    "lw-chip",
    on ? "lw-chip-on" : "",
    danger ? "lw-chip-danger" : "",
    disabled ? "nc-off" : "",
  ];
  return (
    <View
      id={id}
      className={classes.filter(Boolean).join(" ")}
      aria-disabled={disabled ? "true" : undefined}
      onClick={disabled ? undefined : onClick}
    >
      {children}
    </View>
  );
}

interface ToggleProps {
  id: string;
  label: string;
  hint?: string;
  checked: boolean;
  disabled?: boolean;
  onChange(value: boolean): void;
}

/** A switch with its label and, under the label, what it means. */
export function Toggle({ id, label, hint, checked, disabled, onChange }: ToggleProps) {
  return (
    <View className="nc-toggle" id={`${id}-row`}>
      <View className="nc-toggle-text">
        <Text className="nc-toggle-label">{label}</Text>
        {hint ? <Text className="nc-toggle-hint">{hint}</Text> : null}
      </View>
      <Switch
        id={id}
        checked={checked}
        disabled={disabled}
        onChange={(value: boolean) => {
          if (!disabled) onChange(value);
        }}
      />
    </View>
  );
}

interface CheckRowProps {
  id: string;
  on: boolean;
  disabled?: boolean;
  title: string;
  /** Under the title: a grid's buildings and units. */
  desc?: string;
  /** At the end: the households. */
  count: string;
  onClick(): void;
}

/** A row to tick (a building, a grid): box, name, and how many households it reaches. */
export function CheckRow({ id, on, disabled, title, desc, count, onClick }: CheckRowProps) {
  return (
    <View
      id={id}
      className={`nc-check${on ? " nc-check-on" : ""}${disabled ? " nc-off" : ""}`}
      aria-checked={on ? "true" : "false"}
      onClick={disabled ? undefined : onClick}
    >
      <Text className="nc-check-box">{on ? "✓" : ""}</Text>
      <View className="nc-check-text">
        <Text className="nc-check-title">{title}</Text>
        {desc ? <Text className="nc-check-desc">{desc}</Text> : null}
      </View>
      <Text className="nc-check-count">{count}</Text>
    </View>
  );
}
