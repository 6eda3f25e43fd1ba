import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import { Text, View } from "@tarojs/components";
import { useT } from "../../i18n";

interface LoadStateProps {
  /** Ids are `<id>-loading`, `<id>-error` and `<id>-retry`. */
  id: string;
  load: string;
  error?: string | null;
  /** Absent: the error cannot be fixed by trying again (e.g. a wrong period), so no button. */
  onRetry?: () => void;
}

/** The loading line, or the error with a retry button, that every page shows while it fetches. */
export function LoadState({ id, load, error, onRetry }: LoadStateProps) {
  const t = useT();
  if (load === "loading") {
    return (
      <View className="state" id={`${id}-loading`}>
        {t("common.loading")}
      </View>
    );
  }
  if (load !== "error") return null;
  return (
    <View className="state state-retry" id={`${id}-error`}>
      <Text className="state-message">{error}</Text>
      {onRetry ? (
        <Button id={`${id}-retry`} size="small" onClick={onRetry}>
          {t("common.retry")}
        </Button>
      ) : null}
    </View>
  );
}
