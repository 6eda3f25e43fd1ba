import { Input, Text, Textarea, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import type { ReactNode } from "react";

/** After a refused save, bring the first field marked in red into view (once it is drawn). */
export function scrollToFirstError(): void {
  setTimeout(() => {
    Taro.pageScrollTo({
      selector: "#window-manage-page .lw-field-invalid",
      duration: 200,
      offsetTop: -60,
    }).catch(() => undefined);
  }, 80);
}

interface FieldProps {
  id: string;
  label: string;
  error?: string;
  /** The label above a control that needs the whole width (text areas, rows of chips). */
  stacked?: boolean;
  hint?: string;
  children: ReactNode;
}

/** A labelled form row: label, control, then the hint and the error under it. */
export function Field({ id, label, error, stacked, hint, children }: FieldProps) {
  return (
    <View
      id={`field-${id}`}
      className={`lw-field${stacked ? " lw-field-stacked" : ""}${error ? " lw-field-invalid" : ""}`}
    >
      <View className="lw-field-row">
        <Text className="lw-field-label">{label}</Text>
        <View className="lw-field-control">{children}</View>
      </View>
      {hint ? <Text className="lw-muted-row">{hint}</Text> : null}
      {error ? (
        <Text className="lw-field-error" id={`field-${id}-error`}>
          {error}
        </Text>
      ) : null}
    </View>
  );
}

interface TextInputProps {
  id: string;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  maxlength?: number;
  type?: "text" | "number" | "digit";
  /** The unit after the box ("分钟前"). */
  unit?: string;
  invalid?: boolean;
  multiline?: boolean;
}

/** A bordered text box (or text area), optionally with its unit after it. */
export function TextInput(props: TextInputProps) {
  if (props.multiline)
    return (
      <Textarea
        id={props.id}
        className={`textarea${props.invalid ? " textarea-invalid" : ""}`}
        value={props.value}
        maxlength={props.maxlength ?? 1000}
        placeholder={props.placeholder}
        onInput={(e) => props.onChange(e.detail.value)}
      />
    );
  return (
    <View className="wm-input-row">
      <Input
        id={props.id}
        className={`wm-input${props.invalid ? " wm-input-invalid" : ""}${props.type && props.type !== "text" ? " wm-input-short" : ""}`}
        type={props.type ?? "text"}
        value={props.value}
        maxlength={props.maxlength ?? 140}
        placeholder={props.placeholder}
        onInput={(e) => props.onChange(e.detail.value)}
      />
      {props.unit ? <Text className="muted wm-unit">{props.unit}</Text> : null}
    </View>
  );
}
