import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import type { ReactNode } from "react";
import "./window.scss";

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
    <View className="wr-mask" id={props.id} catchMove>
      <View className="wr-dialog">
        <Text className="wr-dialog-title">{props.title}</Text>
        {props.body ? <Text className="wr-dialog-body">{props.body}</Text> : null}
        {props.children ? <View className="wr-dialog-content">{props.children}</View> : null}
        <View className="wr-dialog-actions">
          <Button
            id={props.cancelId}
            size="large"
            disabled={props.busy}
            onClick={props.onCancel}
            className="wr-dialog-button"
          >
            {props.cancelText}
          </Button>
          <Button
            id={props.confirmId}
            size="large"
            type={props.danger ? "danger" : "primary"}
            loading={props.busy}
            onClick={props.onConfirm}
            className="wr-dialog-button"
          >
            {props.confirmText}
          </Button>
        </View>
      </View>
    </View>
  );
}
