import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, Textarea, View } from "@tarojs/components";
import Taro, { useRouter } from "@tarojs/taro";
import { useRef, useState } from "react";
import { getReport, type ReportView, rateReport } from "../../../api/cases";
import { getBuildings } from "../../../api/requests";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { categoryLabel, coordinate, locationText, reportTone } from "../../../utils/cases-labels";
import { caseErrorText, textProblem } from "../../../utils/cases-rules";
import { formatShanghai } from "../../../utils/time";
import {
  ActionButtons,
  AssigneeRow,
  CaseHistory,
  CaseLoadPage,
  SummaryHead,
  useCaseView,
} from "../common/CaseView";
import { Photos } from "../common/parts";
import { DeclineSheet, DispatchSheet, MergeSheet, type ReportAction, WorkSheet } from "./ReportActions";
import "../common/cases-resident.scss";
import "./index.scss";

const ACTIONS: ReportAction[] = ["dispatch", "merge", "decline", "progress", "resolve"];

export default function CaseDetailPage() {
  const t = useT();
  const params = useRouter().params;
  const id = params.id ?? "";
  const fresh = params.new === "1";
  const [buildingName, setBuildingName] = useState<string | null>(null);
  const [acting, setActing] = useState<ReportAction | null>(null);
  const [satisfied, setSatisfied] = useState<boolean | null>(null);
  const [comment, setComment] = useState("");
  const [rateError, setRateError] = useState("");
  const [rating, setRating] = useState(false);

  const nameBuilding = (found: ReportView) => {
    const buildingId = found.location.buildingId;
    if (!buildingId) return;
    // The building's name is a nicety: without it the place still reads.
    getBuildings(found.communityId).then(
      (buildings) => setBuildingName(buildings.find((b) => b.id === buildingId)?.name ?? null),
      () => undefined,
    );
  };

  // Back from a photo preview WeChat shows the page again: the same report, no reload (its signed
  // photo links would change). The web's preview is inside the page and shows nothing again.
  const previewing = useRef(false);
  const onPreview = () => {
    previewing.current = process.env.TARO_ENV === "weapp";
  };

  const view = useCaseView(() => getReport(id), {
    onFetched: (found) => {
      if (!buildingName) nameBuilding(found);
    },
    skipShow: () => {
      const skip = previewing.current;
      previewing.current = false;
      return skip;
    },
  });
  const { item: report, setItem: setReport } = view;

  const done = (next: ReportView, action: ReportAction) => {
    setReport(next);
    setActing(null);
    void Taro.showToast({ title: t(`cr.act.done.${action}`), icon: "success" });
  };

  const rate = async () => {
    if (rating || !report) return;
    if (satisfied === null) {
      setRateError(t("cr.rate.pick"));
      return;
    }
    const problem = comment ? textProblem(comment, 0, 300) : null;
    if (problem) {
      setRateError(t(problem.key, problem.params));
      return;
    }
    setRating(true);
    setRateError("");
    try {
      const next = await rateReport(report.id, {
        satisfied,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      setReport(next);
      setSatisfied(null);
      setComment("");
      const reopened = !satisfied && next.status !== "closed";
      void Taro.showToast({ title: t(reopened ? "cr.rate.reopened" : "cr.rate.done"), icon: "success" });
    } catch (err) {
      setRateError(caseErrorText(t, err));
    } finally {
      setRating(false);
    }
  };

  const openPoint = () => {
    const point = report?.location.point;
    // WeChat's map takes GCJ-02 only; a browser's WGS-84 point is shown as numbers.
    if (point?.system !== "gcj02" || process.env.TARO_ENV !== "weapp") return;
    void Taro.openLocation({ latitude: point.latitude, longitude: point.longitude }).catch(() => undefined);
  };

  if (!report) {
    return (
      <CaseLoadPage pageId="case-detail-page" title={t("cr.detail.title")} id="case-detail" view={view} />
    );
  }

  const r = report;
  const place = locationText(t, r.location, buildingName);
  const actions = ACTIONS.filter((a) => r.can[a]);

  return (
    <Page id="case-detail-page" className="cr-page" title={t("cr.detail.title")}>
      {fresh && r.status === "submitted" ? (
        <Text className="cr-banner cr-banner-ok" id="case-new-banner">
          {t("cr.detail.new", { number: r.number })}
        </Text>
      ) : null}
      {r.mergedInto ? (
        <View
          className="cr-banner"
          id="case-merged"
          onClick={() => Taro.redirectTo({ url: `${ROUTES.casesDetail}?id=${r.mergedInto?.id ?? ""}` })}
        >
          <Text>{t("cr.detail.mergedInto", { number: r.mergedInto.number })} </Text>
          <Text className="cr-inline-link">{t("cr.detail.openMerged", { number: r.mergedInto.number })}</Text>
        </View>
      ) : null}

      <View className="card" id="case-summary">
        <SummaryHead
          kindClass="detail-category"
          kindId="case-category"
          kind={categoryLabel(t, r.category)}
          tone={reportTone[r.status]}
          status={t(`cr.status.${r.status}`)}
          number={r.number}
        />
        <View className="cr-row">
          <Text className="cr-row-label">{t("cr.detail.reporter")}</Text>
          <Text className="cr-row-value" id="case-reporter">
            {r.reporter ?? t("cr.detail.anonymousReporter")}
            {r.mine && r.anonymous ? t("cr.detail.anonymousMine") : ""}
          </Text>
        </View>
        <AssigneeRow
          id="case-department"
          label={t("cr.detail.department")}
          name={r.assignee?.name ?? t("cr.detail.notYet")}
          deadline={r}
        />
        {place || r.location.point ? (
          <View className="cr-row">
            <Text className="cr-row-label">{t("cr.detail.location")}</Text>
            <View className="cr-row-value" id="case-location">
              {place ? <Text>{place}</Text> : null}
              {r.location.point ? (
                <Text className="cr-row-sub" id="case-point" onClick={openPoint}>
                  {t("cr.detail.point", {
                    lat: coordinate(r.location.point.latitude),
                    lng: coordinate(r.location.point.longitude),
                  })}
                </Text>
              ) : null}
            </View>
          </View>
        ) : null}
        <View className="cr-row">
          <Text className="cr-row-label">{t("cr.detail.createdAt")}</Text>
          <Text className="cr-row-value" id="case-created">
            {formatShanghai(r.createdAt)}
          </Text>
        </View>
      </View>

      <View className="card" id="case-description">
        <Text className="card-title">{t("cr.detail.description")}</Text>
        <Text className="cr-text">{r.description}</Text>
        <Photos id="case-photos" urls={r.photos} onPreview={onPreview} />
      </View>

      {r.declineReason ? (
        <View className="card" id="case-decline-reason">
          <Text className="card-title">{t("cr.detail.declined")}</Text>
          <Text className="cr-text">{r.declineReason}</Text>
        </View>
      ) : null}

      {r.resolution ? (
        <View className="card" id="case-resolution">
          <Text className="card-title">{t("cr.detail.resolution")}</Text>
          <Text className="cr-row-sub">{formatShanghai(r.resolution.at)}</Text>
          <Text className="cr-text">{r.resolution.text}</Text>
          <Photos id="case-resolution-photos" urls={r.resolution.photos} onPreview={onPreview} />
        </View>
      ) : null}

      {r.rating && !r.can.rate ? (
        <View className="card" id="case-rating">
          <Text className="card-title">{t("cr.detail.rating")}</Text>
          <Text className={`badge badge-${r.rating.satisfied ? "green" : "orange"} detail-rated`}>
            {t(r.rating.satisfied ? "cr.detail.ratedSatisfied" : "cr.detail.ratedUnsatisfied")}
          </Text>
          {r.rating.comment ? <Text className="cr-text">{r.rating.comment}</Text> : null}
        </View>
      ) : null}
      {r.reopened ? (
        <Text className="cr-banner" id="case-reopened">
          {t("cr.detail.reopened")}
        </Text>
      ) : null}

      {r.can.rate ? (
        <View className="card" id="rate-form">
          <Text className="card-title">{t("cr.rate.title")}</Text>
          <View className="detail-rate-choices">
            <View
              id="rate-satisfied"
              className={`detail-rate${satisfied === true ? " detail-rate-on" : ""}`}
              onClick={() => {
                setSatisfied(true);
                setRateError("");
              }}
            >
              <Text className="detail-rate-face">☺</Text>
              <Text>{t("cr.rate.satisfied")}</Text>
            </View>
            <View
              id="rate-unsatisfied"
              className={`detail-rate detail-rate-bad${satisfied === false ? " detail-rate-on" : ""}`}
              onClick={() => {
                setSatisfied(false);
                setRateError("");
              }}
            >
              <Text className="detail-rate-face">☹</Text>
              <Text>{t("cr.rate.unsatisfied")}</Text>
            </View>
          </View>
          <Text className="hint" id="rate-hint">
            {t(r.reopened ? "cr.rate.finalHint" : "cr.rate.unsatisfiedHint")}
          </Text>
          <Text className="detail-rate-label">{t("cr.rate.comment")}</Text>
          <Textarea
            id="rate-comment"
            className="textarea"
            value={comment}
            maxlength={300}
            onInput={(e) => {
              setComment(e.detail.value);
              setRateError("");
            }}
          />
          {rateError ? (
            <Text className="cr-overdue detail-rate-error" id="rate-error">
              {rateError}
            </Text>
          ) : null}
          <Button
            id="rate-submit"
            type="primary"
            size="large"
            block
            loading={rating}
            className="detail-rate-submit"
            onClick={() => void rate()}
          >
            {t("cr.rate.submit")}
          </Button>
        </View>
      ) : null}

      <ActionButtons<ReportAction>
        actions={actions}
        className="detail-action"
        label={(action) => t(`cr.act.${action}`)}
        type={(action) => (action === "decline" ? "default" : "primary")}
        fill={(action) => (action === "dispatch" || action === "resolve" ? "solid" : "outline")}
        onPick={setActing}
      />

      <CaseHistory events={r.history} onPreview={onPreview} />

      {acting === "dispatch" ? (
        <DispatchSheet report={r} onDone={done} onCancel={() => setActing(null)} />
      ) : null}
      {acting === "merge" ? <MergeSheet report={r} onDone={done} onCancel={() => setActing(null)} /> : null}
      {acting === "decline" ? (
        <DeclineSheet report={r} onDone={done} onCancel={() => setActing(null)} />
      ) : null}
      {acting === "progress" || acting === "resolve" ? (
        <WorkSheet report={r} action={acting} onDone={done} onCancel={() => setActing(null)} />
      ) : null}
    </Page>
  );
}
