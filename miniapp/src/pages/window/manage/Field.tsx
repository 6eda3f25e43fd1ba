import { Input, Text, Textarea, View } from "@tarojs/components";
import Taro from "@tarojs/taro";

export { Field } from "../../../components/Field";

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
        className={`lw-box-input wm-input${props.invalid ? " lw-box-input-invalid" : ""}${props.type && props.type !== "text" ? " wm-input-short" : ""}`}
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
