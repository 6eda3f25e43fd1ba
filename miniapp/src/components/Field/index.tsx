import { Text, View } from "@tarojs/components";
import type { ReactNode } from "react";

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
