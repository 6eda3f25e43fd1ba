import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import type { ReactNode } from "react";
import { Sheet } from "../../../components/BehalfDialog";
import { useT } from "../../../i18n";

interface Props {
  /** The sheet is `<id>`, its buttons `<id>-confirm` and `<id>-cancel`, its message `<id>-error`. */
  id: string;
  title: string;
  confirmText?: string;
  busy: boolean;
  error: string;
  danger?: boolean;
  onConfirm(): void;
  onCancel(): void;
  children: ReactNode;
}

/** One action on a case in a sheet inside the page: its fields, the last attempt's message, the buttons. */
export function ActionSheet({
  id,
  title,
  confirmText,
  busy,
  error,
  danger,
  onConfirm,
  onCancel,
  children,
}: Props) {
  const t = useT();
  return (
    <Sheet
      id={id}
      title={title}
      footer={
        <>
          {error ? (
            <Text className="od-sheet-error" id={`${id}-error`}>
              {error}
            </Text>
          ) : null}
          <View className="od-sheet-actions">
            <Button
              id={`${id}-cancel`}
              size="normal"
              className="od-sheet-action"
              disabled={busy}
              onClick={onCancel}
            >
              {t("cr.act.cancel")}
            </Button>
            <Button
              id={`${id}-confirm`}
              size="normal"
              type={danger ? "danger" : "primary"}
              className="od-sheet-action"
              loading={busy}
              onClick={onConfirm}
            >
              {confirmText ?? t("cr.act.confirm")}
            </Button>
          </View>
        </>
      }
    >
      {children}
    </Sheet>
  );
}

/** A day count with − and + (ids `<id>`, `<id>-minus`, `<id>-plus`), large enough for any finger. */
export function Stepper({
  id,
  value,
  min,
  max,
  onChange,
}: {
  id: string;
  value: number;
  min: number;
  max: number;
  onChange(value: number): void;
}) {
  return (
    <View className="cr-stepper">
      <View
        id={`${id}-minus`}
        className="cr-step"
        aria-disabled={value <= min ? "true" : undefined}
        onClick={() => onChange(Math.max(min, value - 1))}
      >
        −
      </View>
      <Text id={id} className="cr-step-value">
        {value}
      </Text>
      <View
        id={`${id}-plus`}
        className="cr-step"
        aria-disabled={value >= max ? "true" : undefined}
        onClick={() => onChange(Math.min(max, value + 1))}
      >
        +
      </View>
    </View>
  );
}
