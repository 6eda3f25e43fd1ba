import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useState } from "react";
import { ApiError } from "../../../api/errors";
import { deleteMyAccount, exportMyData } from "../../../api/privacy";
import { Confirm } from "../../../components/Confirm";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { clearSession, useSession } from "../../../store/session";
import {
  copySavedText,
  IS_WEAPP,
  type SavedFile,
  saveTextFile,
  shareSavedFile,
} from "../../../utils/save-file";
import { shanghaiDate } from "../../../utils/time";
import "./index.scss";

/** 我的数据与账号: export everything (PIPL art. 45) and delete the account (art. 47), in two steps. */
export default function MyDataPage() {
  const t = useT();
  const { user } = useSession();
  const [exporting, setExporting] = useState(false);
  const [saved, setSaved] = useState<SavedFile | null>(null);
  const [exportProblem, setExportProblem] = useState<string | null>(null);
  const [step, setStep] = useState<0 | 1 | 2>(0);
  const [deleting, setDeleting] = useState(false);
  const [deleteProblem, setDeleteProblem] = useState<string | null>(null);

  const holdsRole = user?.roles.some((role) => role !== "resident") ?? false;

  const runExport = async () => {
    if (exporting) return;
    setExporting(true);
    setExportProblem(null);
    try {
      const data = await exportMyData();
      const text = JSON.stringify(data, null, 2);
      const file = `onedoor-my-data-${shanghaiDate(data.exportedAt)}.json`;
      setSaved(await saveTextFile(file, text, "application/json"));
    } catch {
      setExportProblem(t("privacy.exportFailed"));
    } finally {
      setExporting(false);
    }
  };

  const share = () => shareSavedFile(saved);
  const copy = () => copySavedText(saved);

  const runDelete = async () => {
    if (deleting) return;
    setDeleting(true);
    setDeleteProblem(null);
    try {
      await deleteMyAccount();
      clearSession();
      void Taro.showToast({ title: t("privacy.deleted"), icon: "none" });
      void Taro.reLaunch({ url: ROUTES.login });
    } catch (err) {
      setStep(0);
      setDeleteProblem(
        err instanceof ApiError && err.code === "ROLE_HELD"
          ? t("privacy.roleHeld")
          : t("privacy.deleteFailed"),
      );
    } finally {
      setDeleting(false);
    }
  };

  return (
    <Page id="my-data-page" title={t("privacy.nav")}>
      <View className="card" id="my-data-export">
        <Text className="card-title">{t("privacy.exportTitle")}</Text>
        <Text className="hint pd-text">{t("privacy.exportHint")}</Text>
        <Button
          id="my-data-export-button"
          type="primary"
          size="large"
          block
          loading={exporting}
          onClick={() => void runExport()}
          className="pd-export"
        >
          {exporting ? t("privacy.exporting") : t("privacy.export")}
        </Button>
        {saved ? (
          <View className="pd-saved" id="my-data-saved">
            <Text className="pd-saved-text">
              {IS_WEAPP
                ? t("privacy.saved", { file: saved.file })
                : t("privacy.downloaded", { file: saved.file })}
            </Text>
            {IS_WEAPP ? (
              <View className="pd-actions">
                <Button id="my-data-share" size="large" block onClick={share} className="pd-share">
                  {t("privacy.share")}
                </Button>
                <Button id="my-data-copy" size="large" block onClick={copy} className="pd-copy">
                  {t("privacy.copy")}
                </Button>
              </View>
            ) : null}
          </View>
        ) : null}
        {exportProblem ? (
          <Text className="pd-problem" id="my-data-export-problem">
            {exportProblem}
          </Text>
        ) : null}
      </View>

      <View className="card" id="my-data-delete">
        <Text className="card-title">{t("privacy.deleteTitle")}</Text>
        <Text className="hint pd-text">{t("privacy.deleteHint")}</Text>
        <View className="pd-list">
          {(
            [
              "privacy.consequence1",
              "privacy.consequence2",
              "privacy.consequence3",
              "privacy.consequence4",
            ] as const
          ).map((key) => (
            <Text key={key} className="pd-item">
              {t(key)}
            </Text>
          ))}
        </View>
        {holdsRole ? (
          <Text className="pd-problem" id="my-data-role-held">
            {t("privacy.roleHeld")}
          </Text>
        ) : (
          <Button
            id="my-data-delete-button"
            type="danger"
            fill="outline"
            size="large"
            block
            onClick={() => setStep(1)}
            className="pd-delete"
          >
            {t("privacy.delete")}
          </Button>
        )}
        {deleteProblem ? (
          <Text className="pd-problem" id="my-data-delete-problem">
            {deleteProblem}
          </Text>
        ) : null}
      </View>

      {step === 1 ? (
        <Confirm
          id="my-data-confirm-1"
          title={t("privacy.confirm1Title")}
          body={t("privacy.confirm1Body")}
          confirmId="my-data-continue"
          confirmText={t("privacy.continue")}
          cancelId="my-data-keep"
          cancelText={t("privacy.cancel")}
          danger
          onConfirm={() => setStep(2)}
          onCancel={() => setStep(0)}
        />
      ) : null}
      {step === 2 ? (
        <Confirm
          id="my-data-confirm-2"
          title={t("privacy.confirm2Title")}
          body={t("privacy.confirm2Body")}
          confirmId="my-data-confirm-delete"
          confirmText={t("privacy.confirmDelete")}
          cancelId="my-data-keep-2"
          cancelText={t("privacy.cancel")}
          danger
          busy={deleting}
          onConfirm={() => void runDelete()}
          onCancel={() => setStep(0)}
        />
      ) : null}
    </Page>
  );
}
