import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";

/** Shown instead of a page's content when the caller is not a verified resident (403 NOT_VERIFIED). */
export function NotVerified({ id }: { id: string }) {
  const t = useT();
  return (
    <View className="state state-retry" id={id}>
      <Text className="state-message">{t("wr.notVerified")}</Text>
      <Button id={`${id}-go`} type="primary" onClick={() => Taro.navigateTo({ url: ROUTES.me })}>
        {t("wr.goVerify")}
      </Button>
    </View>
  );
}
