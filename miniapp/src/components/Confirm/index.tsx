import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import type { ReactNode } from "react";
import "./index.scss";

interface Props {
  id: string;
  title: string;
  body?: string;
  /** Shown under the body: the booking summary, say. */
  children?: ReactNode;
  confirmId: string;
  confirmText: string;
  cancelId: string;
  cancelText: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * A confirmation drawn inside the page (not Taro.showModal) so it carries the page's large-text
 * scale and stable ids for browser tests. Long content scrolls inside the sheet.
 */
export function Confirm(props: Props) {
  return (
    <View className="confirm-mask" id={props.id} catchMove>
      <View className="confirm">
        <Text className="confirm-title">{props.title}</Text>
        {props.body ? <Text className="confirm-body">{props.body}</Text> : null}
        {props.children ? <View className="confirm-content">{props.children}</View> : null}
        <View className="confirm-actions">
          <Button
            id={props.cancelId}
            size="large"
            disabled={props.busy}
            onClick={props.onCancel}
            className="confirm-button"
          >
            {props.cancelText}
          </Button>
          <Button
            id={props.confirmId}
            size="large"
            type={props.danger ? "danger" : "primary"}
            loading={props.busy}
            onClick={props.onConfirm}
            className="confirm-button"
          >
            {props.confirmText}
          </Button>
        </View>
      </View>
    </View>
  );
}
