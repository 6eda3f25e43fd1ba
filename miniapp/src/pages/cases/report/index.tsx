import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import Switch from "@nutui/nutui-react-taro/dist/es/packages/switch/index";
import "@nutui/nutui-react-taro/dist/es/packages/switch/style/css";
import { Input, Text, Textarea, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useEffect, useState } from "react";
import { createReport } from "../../../api/cases";
import { ApiError } from "../../../api/errors";
import { getBuildings } from "../../../api/requests";
import type { Building } from "../../../api/types";
import { Field } from "../../../components/Field";
import { Page } from "../../../components/Page";
import { PhotoPicker, type PickedPhoto } from "../../../components/PhotoPicker";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { useSession } from "../../../store/session";
import { categoryLabel, coordinate, REPORT_CATEGORIES } from "../../../utils/cases-labels";
import {
  ADDRESS_MAX,
  MAX_CASE_PHOTOS,
  type Problem,
  REPORT_TEXT,
  type ReportDraft,
  type ReportField,
  reportInput,
  validateReport,
} from "../../../utils/cases-rules";
import { NotVerifiedPage, SubmitWithConfirm, useCaseSubmit } from "../common/CaseForm";
import { chip } from "../common/chips";
import "../../../components/Page/staff.scss";
import "../common/cases-resident.scss";
import "./index.scss";

const IS_WEAPP = process.env.TARO_ENV === "weapp";

type Draft = Omit<ReportDraft, "photos"> & { photos: PickedPhoto[] };
type Load = "loading" | "ready" | "error";

export default function CaseReportPage() {
  const t = useT();
  const { user } = useSession();
  const communityId = user?.community?.id ?? null;
  const home = user?.households[0];
  const [draft, setDraft] = useState<Draft>(() => ({
    category: null,
    description: "",
    photos: [],
    // The resident's own address is the likeliest place; they change it when it is not.
    buildingId: home?.buildingId ?? null,
    unit: home?.unit ?? null,
    address: "",
    point: null,
    anonymous: false,
  }));
  const [buildings, setBuildings] = useState<Building[]>([]);
  const [buildingsLoad, setBuildingsLoad] = useState<Load>("loading");
  const [errors, setErrors] = useState<Partial<Record<ReportField, string>>>({});
  const [locating, setLocating] = useState(false);
  // The browser would not say where we are (no permission, no HTTPS): the button goes away.
  const [noGeo, setNoGeo] = useState(false);
  const form = useCaseSubmit();

  const fetchBuildings = async () => {
    if (!communityId) return;
    setBuildingsLoad("loading");
    try {
      setBuildings(await getBuildings(communityId));
      setBuildingsLoad("ready");
    } catch {
      setBuildingsLoad("error");
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: once, for the resident's community
  useEffect(() => {
    void fetchBuildings();
  }, []);

  const set = (patch: Partial<Draft>, field?: ReportField) => {
    setDraft((prev) => ({ ...prev, ...patch }));
    form.touch();
    if (field) setErrors((prev) => ({ ...prev, [field]: undefined }));
  };

  const say = (problem: Problem) => t(problem.key, problem.params);

  const building = buildings.find((b) => b.id === draft.buildingId) ?? null;

  const chooseOnMap = async () => {
    try {
      const res = await Taro.chooseLocation({});
      set({
        point: { latitude: res.latitude, longitude: res.longitude, system: "gcj02" },
        // The place's name helps whoever goes there; the resident may still write their own.
        ...(draft.address.trim() ? {} : { address: (res.name || res.address || "").slice(0, ADDRESS_MAX) }),
      });
    } catch {
      // Closed without a choice, or location refused: the written place is enough.
    }
  };

  const locateMe = async () => {
    setLocating(true);
    try {
      const res = await Taro.getLocation({ type: "wgs84" });
      set({ point: { latitude: res.latitude, longitude: res.longitude, system: "wgs84" } });
    } catch {
      setNoGeo(true);
      void Taro.showToast({ title: t("cr.report.locateFailed"), icon: "none", duration: 3000 });
    } finally {
      setLocating(false);
    }
  };

  const check = () => {
    const problems = validateReport(draft);
    const shown: Partial<Record<ReportField, string>> = {};
    for (const [field, problem] of Object.entries(problems))
      if (problem) shown[field as ReportField] = say(problem);
    setErrors(shown);
    const first = Object.keys(shown)[0];
    if (first)
      setTimeout(() => {
        Taro.pageScrollTo({ selector: `#field-report-${first}`, duration: 200, offsetTop: -40 }).catch(
          () => undefined,
        );
      }, 60);
    return !first;
  };

  const submit = () =>
    form.submit(
      (key) => createReport(reportInput(draft), key),
      "cr.report.done",
      (report) => void Taro.redirectTo({ url: `${ROUTES.casesDetail}?id=${report.id}&new=1` }),
      (err) => {
        if (!(err instanceof ApiError && err.code === "VALIDATION_FAILED")) return;
        const fields = err.fieldErrors();
        // The server's words are English: the field is named with our own message for it.
        const local = validateReport(draft);
        const shown: Partial<Record<ReportField, string>> = {};
        if (fields.description)
          shown.description = say(local.description ?? { key: "cr.err.description", params: REPORT_TEXT });
        if (fields.photos || Object.keys(fields).some((k) => /^\d+$/.test(k)))
          shown.photos = t("nw.err.imageLost");
        if (fields.address) shown.address = say({ key: "cr.err.address", params: { max: ADDRESS_MAX } });
        else if (fields.location || fields.buildingId || fields.unit) shown.address = t("cr.err.where");
        setErrors(shown);
      },
    );

  if (!communityId || user?.verification.status !== "verified") {
    return <NotVerifiedPage id="report" title={t("cr.report.title")} message={t("cr.report.notVerified")} />;
  }

  return (
    <Page id="case-report-page" className="cr-page" title={t("cr.report.title")}>
      <Text className="cr-intro">{t("cr.report.intro")}</Text>

      <View className="card">
        <Field id="report-category" label={t("cr.report.category")} stacked error={errors.category}>
          <View className="chips" id="report-category">
            {REPORT_CATEGORIES.map((c) =>
              chip(`report-category-${c}`, draft.category === c, categoryLabel(t, c), () =>
                set({ category: c }, "category"),
              ),
            )}
          </View>
        </Field>

        <Field id="report-description" label={t("cr.report.description")} stacked error={errors.description}>
          <Textarea
            id="report-description"
            className={`textarea report-textarea${errors.description ? " textarea-invalid" : ""}`}
            value={draft.description}
            maxlength={REPORT_TEXT.max}
            placeholder={t("cr.report.descriptionPlaceholder")}
            onInput={(e) => set({ description: e.detail.value }, "description")}
          />
          <Text className="report-count">
            {draft.description.trim().length}/{REPORT_TEXT.max}
          </Text>
        </Field>

        <Field
          id="report-photos"
          label={t("cr.report.photos")}
          stacked
          hint={t("cr.report.photosHint", { max: MAX_CASE_PHOTOS })}
          error={errors.photos}
        >
          <PhotoPicker
            purpose="case-photo"
            max={MAX_CASE_PHOTOS}
            idPrefix="report-photo"
            addId="report-photo-input"
            photos={draft.photos}
            invalid={Boolean(errors.photos)}
            onChange={(update) => {
              setDraft((prev) => ({ ...prev, photos: update(prev.photos) }));
              setErrors((prev) => ({ ...prev, photos: undefined }));
            }}
          />
        </Field>
      </View>

      <View className="card" id="report-location">
        <Text className="card-title">{t("cr.report.location")}</Text>
        {home && draft.buildingId === home.buildingId ? (
          <Text className="hint">{t("cr.report.homeDefault")}</Text>
        ) : null}
        <Field id="report-building" label={t("cr.report.building")} stacked>
          {buildingsLoad === "loading" ? <Text className="muted">{t("common.loading")}</Text> : null}
          {buildingsLoad === "error" ? (
            <View className="report-retry">
              <Text className="muted">{t("cr.report.buildingsError")}</Text>
              <Button size="small" id="report-buildings-retry" onClick={() => void fetchBuildings()}>
                {t("common.retry")}
              </Button>
            </View>
          ) : null}
          <View className="chips" id="report-buildings">
            {chip("report-building-none", draft.buildingId === null, t("cr.report.noBuilding"), () =>
              set({ buildingId: null, unit: null }),
            )}
            {buildings.map((b) =>
              chip(`report-building-${b.id}`, b.id === draft.buildingId, b.name, () =>
                set({ buildingId: b.id, unit: b.id === draft.buildingId ? draft.unit : null }),
              ),
            )}
          </View>
        </Field>
        {building && building.units.length > 0 ? (
          <Field id="report-unit" label={t("cr.report.unit")} stacked>
            <View className="chips" id="report-units">
              {chip("report-unit-none", draft.unit === null, t("cr.report.noUnit"), () =>
                set({ unit: null }),
              )}
              {building.units.map((u) =>
                chip(`report-unit-${u}`, u === draft.unit, u, () => set({ unit: u })),
              )}
            </View>
          </Field>
        ) : null}
        <Field id="report-address" label={t("cr.report.address")} stacked error={errors.address}>
          <Input
            id="report-address"
            className={`lw-box-input${errors.address ? " lw-box-input-invalid" : ""}`}
            value={draft.address}
            maxlength={ADDRESS_MAX}
            placeholder={t("cr.report.addressPlaceholder")}
            onInput={(e) => set({ address: e.detail.value }, "address")}
          />
        </Field>
        {draft.point ? (
          <View className="report-point" id="report-point">
            <Text className="report-point-text">
              {t("cr.report.pointSet", {
                lat: coordinate(draft.point.latitude),
                lng: coordinate(draft.point.longitude),
              })}
            </Text>
            <Text className="cr-inline-link" id="report-point-clear" onClick={() => set({ point: null })}>
              {t("cr.report.pointClear")}
            </Text>
          </View>
        ) : null}
        {IS_WEAPP ? (
          <Button
            id="report-choose-location"
            size="normal"
            block
            className="report-geo"
            onClick={() => void chooseOnMap()}
          >
            {t("cr.report.chooseOnMap")}
          </Button>
        ) : !noGeo ? (
          <Button
            id="report-use-location"
            size="normal"
            block
            className="report-geo"
            loading={locating}
            onClick={() => void locateMe()}
          >
            {locating ? t("cr.report.locating") : t("cr.report.useCurrent")}
          </Button>
        ) : null}
      </View>

      <View className="card">
        <View className="cr-toggle" id="report-anonymous-row">
          <View className="cr-toggle-text">
            <Text className="cr-toggle-label">{t("cr.report.anonymous")}</Text>
            <Text className="cr-toggle-hint">{t("cr.report.anonymousHint")}</Text>
          </View>
          <Switch
            id="report-anonymous"
            checked={draft.anonymous}
            onChange={(anonymous: boolean) => set({ anonymous })}
          />
        </View>
      </View>

      <SubmitWithConfirm
        id="report"
        form={form}
        submitText={t("cr.report.submit")}
        confirmTitle={t("cr.report.confirmTitle")}
        confirmBody={t("cr.report.confirmBody", {
          category: draft.category ? categoryLabel(t, draft.category) : "",
          photos: draft.photos.length,
        })}
        confirmText={t("cr.report.confirm")}
        check={check}
        onConfirm={() => void submit()}
      >
        <Text
          className="cr-link"
          id="report-open-mine"
          onClick={() => Taro.navigateTo({ url: ROUTES.casesMine })}
        >
          {t("cr.report.mine")} ›
        </Text>
      </SubmitWithConfirm>
    </Page>
  );
}
