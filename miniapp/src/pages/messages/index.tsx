import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro, { useDidShow } from "@tarojs/taro";
import { useState } from "react";
import { ApiError } from "../../api/errors";
import { listMessages, type Message, markRead } from "../../api/messages";
import { Page } from "../../components/Page";
import { useT } from "../../i18n";
import { messageText } from "../../utils/legal-format";
import { formatShanghai } from "../../utils/time";
import "./index.scss";

type Load = "loading" | "ready" | "error";

export default function MessagesPage() {
  const t = useT();
  const [load, setLoad] = useState<Load>("loading");
  const [items, setItems] = useState<Message[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [unread, setUnread] = useState({ count: 0, capped: false });
  const [moreBusy, setMoreBusy] = useState(false);
  const [readingAll, setReadingAll] = useState(false);

  const failure = (err: unknown) =>
    err instanceof ApiError && err.status > 0 ? err.message : t("common.networkError");

  const fetchFirst = async () => {
    try {
      const page = await listMessages();
      setItems(page.items);
      setCursor(page.nextCursor);
      setUnread({ count: page.unread, capped: page.unreadCapped });
      setLoad("ready");
    } catch {
      setLoad("error");
    }
  };

  useDidShow(() => {
    void fetchFirst();
  });

  const more = async () => {
    if (!cursor || moreBusy) return;
    setMoreBusy(true);
    try {
      const page = await listMessages(cursor);
      setItems((prev) => [...prev, ...page.items]);
      setCursor(page.nextCursor);
    } catch (err) {
      void Taro.showToast({ title: failure(err), icon: "none" });
    } finally {
      setMoreBusy(false);
    }
  };

  const readAll = async () => {
    if (readingAll) return;
    setReadingAll(true);
    try {
      const result = await markRead();
      const at = new Date().toISOString();
      setItems((prev) => prev.map((m) => (m.readAt ? m : { ...m, readAt: at })));
      setUnread({ count: result.unread, capped: result.unreadCapped });
      void Taro.showToast({ title: t("msg.allRead"), icon: "success" });
    } catch (err) {
      void Taro.showToast({ title: failure(err), icon: "none" });
    } finally {
      setReadingAll(false);
    }
  };

  const open = (message: Message) => {
    if (!message.readAt) {
      const at = new Date().toISOString();
      setItems((prev) => prev.map((m) => (m.id === message.id ? { ...m, readAt: at } : m)));
      setUnread((u) => ({ ...u, count: Math.max(0, u.count - 1) }));
      // Marking read is a courtesy: a failure must not keep the resident from the page.
      markRead([message.id])
        .then((result) => setUnread({ count: result.unread, capped: result.unreadCapped }))
        .catch(() => undefined);
    }
    if (message.link) void Taro.navigateTo({ url: message.link });
  };

  const unreadLabel = unread.capped ? "99+" : String(unread.count);

  return (
    <Page id="messages-page" title={t("msg.title")}>
      {load === "loading" ? <View className="state">{t("common.loading")}</View> : null}
      {load === "error" ? (
        <View className="state" id="messages-error">
          <Text className="messages-block">{t("common.networkError")}</Text>
          <Button id="messages-retry" size="small" onClick={() => fetchFirst()}>
            {t("common.retry")}
          </Button>
        </View>
      ) : null}

      {load === "ready" ? (
        <View>
          {items.length > 0 ? (
            <View className="messages-bar">
              <Text className="section-title messages-count" id="messages-unread">
                {unread.count > 0 ? t("msg.unread", { count: unreadLabel }) : t("msg.title")}
              </Text>
              {unread.count > 0 ? (
                <Button
                  id="messages-read-all"
                  size="small"
                  fill="outline"
                  loading={readingAll}
                  onClick={readAll}
                >
                  {t("msg.readAll")}
                </Button>
              ) : null}
            </View>
          ) : null}

          {items.length === 0 ? (
            <View className="state" id="messages-empty">
              <Text className="messages-block">{t("msg.empty")}</Text>
              <Text className="muted">{t("msg.emptyHint")}</Text>
            </View>
          ) : null}

          {items.map((message) => {
            const text = messageText(t, message);
            return (
              <View
                key={message.id}
                id={`message-${message.id}`}
                className={`card message ${message.readAt ? "message-read" : "message-unread"}`}
                hoverClass="cell-pressed"
                onClick={() => open(message)}
              >
                <View className="message-body">
                  <View className="message-head">
                    {message.readAt ? null : <View className="message-dot" />}
                    <Text className="cell-title message-title">{text.title}</Text>
                  </View>
                  {text.lines.map((line) => (
                    <Text key={line} className="cell-desc">
                      {line}
                    </Text>
                  ))}
                  <Text className="muted message-time">{formatShanghai(message.createdAt)}</Text>
                </View>
                {message.link ? <Text className="cell-arrow">›</Text> : null}
              </View>
            );
          })}

          {cursor ? (
            <View className="messages-more">
              <Button id="messages-more" size="normal" block loading={moreBusy} onClick={more}>
                {t("msg.loadMore")}
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
    </Page>
  );
}
