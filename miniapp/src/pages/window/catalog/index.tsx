import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Input, Text, View } from "@tarojs/components";
import Taro, { useDidShow } from "@tarojs/taro";
import { useEffect, useRef, useState } from "react";
import { ApiError } from "../../../api/errors";
import { listMatters, type Matter, type MatterCategory } from "../../../api/window";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { useSettings } from "../../../store/settings";
import { feeText, localized } from "../../../utils/window-format";
import { CATEGORIES, windowErrorText } from "../../../utils/window-rules";
import { NotVerified } from "../common/NotVerified";
import "../common/window.scss";
import "./index.scss";

type Load = "loading" | "ready" | "notVerified" | "error";

/** Typing pauses this long before the catalog is searched. */
const SEARCH_DELAY_MS = 300;

export default function WindowCatalogPage() {
  const t = useT();
  const { locale } = useSettings();
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const [category, setCategory] = useState<MatterCategory | null>(null);
  const [load, setLoad] = useState<Load>("loading");
  const [error, setError] = useState("");
  const [matters, setMatters] = useState<Matter[]>([]);
  // Only the answer to the latest filters may fill the list.
  const latest = useRef(0);
  const filters = useRef({ category, q });
  filters.current = { category, q };
  const typing = useRef<ReturnType<typeof setTimeout> | null>(null);
  const shownOnce = useRef(false);

  const fetchMatters = async () => {
    const ask = ++latest.current;
    const { category: c, q: words } = filters.current;
    try {
      const found = await listMatters({ category: c ?? undefined, q: words });
      if (ask !== latest.current) return;
      setMatters(found);
      setLoad("ready");
    } catch (err) {
      if (ask !== latest.current) return;
      if (err instanceof ApiError && err.code === "NOT_VERIFIED") {
        setLoad("notVerified");
        return;
      }
      setError(windowErrorText(t, err));
      setLoad("error");
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the filters are read through a ref
  useEffect(() => {
    void fetchMatters();
  }, [category, q]);

  // Back from verifying (or from a matter): fresh answers, the first show is the effect's.
  useDidShow(() => {
    if (shownOnce.current) void fetchMatters();
    shownOnce.current = true;
  });

  useEffect(
    () => () => {
      if (typing.current) clearTimeout(typing.current);
    },
    [],
  );

  const search = (value: string, now = false) => {
    setText(value);
    if (typing.current) clearTimeout(typing.current);
    if (now) setQ(value.trim());
    else typing.current = setTimeout(() => setQ(value.trim()), SEARCH_DELAY_MS);
  };

  const clearFilters = () => {
    search("", true);
    setCategory(null);
  };

  const chip = (id: string, label: string, on: boolean, pick: () => void) => (
    <View key={id} id={id} className={`chip${on ? " chip-on" : ""}`} onClick={pick}>
      {label}
    </View>
  );

  const materialsLine = (matter: Matter) => {
    const count = matter.materials.filter((m) => m.required).length;
    return count ? t("wr.catalog.materials", { count }) : t("wr.matter.noMaterials");
  };

  const renderMatter = (matter: Matter) => (
    <View
      key={matter.id}
      id={`matter-${matter.id}`}
      className="card wr-matter"
      hoverClass="cell-pressed"
      onClick={() => Taro.navigateTo({ url: `${ROUTES.windowMatter}?id=${matter.id}` })}
    >
      <View className="wr-matter-body">
        <Text className="cell-title">{localized(locale, matter.name, matter.nameEn)}</Text>
        <View className="wr-badges">
          <Text className="badge badge-grey">{t(`wr.category.${matter.category}`)}</Text>
          <Text className={`badge ${matter.processingDays === 0 ? "badge-green" : "badge-grey"}`}>
            {matter.processingDays === 0
              ? t("wr.processing.onSpot")
              : t("wr.catalog.days", { days: matter.processingDays })}
          </Text>
          {matter.proxyAllowed ? <Text className="badge badge-orange">{t("wr.proxyAllowed")}</Text> : null}
          <Text className={`badge ${matter.fee > 0 ? "badge-red" : "badge-green"}`}>
            {feeText(t, matter.fee)}
          </Text>
        </View>
        <Text className="cell-desc">{materialsLine(matter)}</Text>
      </View>
      <Text className="cell-arrow">›</Text>
    </View>
  );

  const filtered = Boolean(q) || category !== null;

  return (
    <Page id="window-catalog-page" title={t("wr.catalog.title")}>
      <View className="card wr-catalog-intro">
        <Text className="wr-catalog-intro-text">{t("wr.catalog.intro")}</Text>
        <View
          id="window-mine-link"
          className="wr-catalog-mine"
          hoverClass="cell-pressed"
          onClick={() => Taro.navigateTo({ url: ROUTES.windowMine })}
        >
          <Text>{t("wr.catalog.mine")}</Text>
          <Text className="cell-arrow">›</Text>
        </View>
      </View>

      {load === "notVerified" ? (
        <NotVerified id="window-not-verified" />
      ) : (
        <View>
          <View className="wr-search">
            <Text className="wr-search-icon">⌕</Text>
            <Input
              id="window-search"
              className="wr-search-input"
              type="text"
              confirmType="search"
              value={text}
              maxlength={40}
              placeholder={t("wr.catalog.search")}
              placeholderClass="wr-placeholder"
              onInput={(e) => search(e.detail.value)}
              onConfirm={(e) => search(e.detail.value, true)}
            />
            {text ? (
              <Text id="window-search-clear" className="wr-search-clear" onClick={() => search("", true)}>
                ×
              </Text>
            ) : null}
          </View>

          <View className="chips wr-categories">
            {chip("category-all", t("wr.catalog.all"), category === null, () => setCategory(null))}
            {CATEGORIES.map((c) =>
              chip(`category-${c}`, t(`wr.category.${c}`), category === c, () =>
                setCategory(category === c ? null : c),
              ),
            )}
          </View>

          <LoadState id="window-catalog" load={load} error={error} onRetry={() => fetchMatters()} />

          {load === "ready" && matters.length > 0 ? (
            <View id="window-matters">
              <Text className="section-title">{t("wr.catalog.count", { count: matters.length })}</Text>
              {matters.map(renderMatter)}
            </View>
          ) : null}

          {load === "ready" && matters.length === 0 ? (
            <View className="state state-retry" id="window-catalog-empty">
              <Text className="state-message">{t("wr.catalog.empty")}</Text>
              {filtered ? (
                <>
                  <Text className="muted wr-empty-hint">{t("wr.catalog.emptyHint")}</Text>
                  <Button id="window-catalog-clear" size="small" onClick={clearFilters}>
                    {t("wr.catalog.clear")}
                  </Button>
                </>
              ) : null}
            </View>
          ) : null}
        </View>
      )}
    </Page>
  );
}
