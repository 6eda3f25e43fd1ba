import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { type ReactNode, useRef, useState } from "react";
import { ApiError } from "../../../api/errors";
import { newIdempotencyKey } from "../../../components/BehalfDialog";
import { Confirm } from "../../../components/Confirm";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { caseErrorText } from "../../../utils/cases-rules";

/**
 * Sending a new case (report or dispute) once it is confirmed: busy while it goes, its number in a
 * toast when made, the reason above the button when not. One key per intended case: a double tap or
 * a retry after a lost answer makes one case; `touch` (any change to the form) takes a new one.
 */
export function useCaseSubmit() {
  const t = useT();
  const [formError, setFormError] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());

  const touch = () => {
    key.current = newIdempotencyKey();
    setFormError("");
  };

  const submit = async <V extends { number: string }>(
    send: (key: string) => Promise<V>,
    doneKey: "cr.report.done" | "cr.file.done",
    after: (made: V) => void,
    failed?: (err: unknown) => void,
  ) => {
    if (busy) return;
    setBusy(true);
    setFormError("");
    try {
      const made = await send(key.current);
      setConfirming(false);
      void Taro.showToast({ title: t(doneKey, { number: made.number }), icon: "none", duration: 2500 });
      after(made);
    } catch (err) {
      setConfirming(false);
      failed?.(err);
      setFormError(caseErrorText(t, err));
      if (err instanceof ApiError && err.status > 0) key.current = newIdempotencyKey();
    } finally {
      setBusy(false);
    }
  };

  return { formError, confirming, setConfirming, busy, touch, submit };
}

/** The page for someone who may not send this yet: why, and the way to verify (`<id>-not-verified`, `<id>-go-verify`). */
export function NotVerifiedPage({ id, title, message }: { id: string; title: string; message: string }) {
  const t = useT();
  return (
    <Page id={`case-${id}-page`} className="cr-page" title={title}>
      <View className="state state-retry" id={`${id}-not-verified`}>
        <Text className="state-message">{message}</Text>
        <Button type="primary" id={`${id}-go-verify`} onClick={() => Taro.navigateTo({ url: ROUTES.me })}>
          {t("cr.report.goVerify")}
        </Button>
      </View>
    </Page>
  );
}

interface SubmitProps {
  /** `<id>-error`, `<id>-submit`, `<id>-confirm` with `<id>-confirm-ok` and `<id>-confirm-cancel`. */
  id: string;
  form: ReturnType<typeof useCaseSubmit>;
  submitText: string;
  confirmTitle: string;
  confirmBody: string;
  confirmText: string;
  /** True when the form may be confirmed; shows its problems when not. */
  check(): boolean;
  onConfirm(): void;
  /** Between the button and the confirmation. */
  children?: ReactNode;
}

/** The form's last error, its submit button, and the confirmation it opens. */
export function SubmitWithConfirm({
  id,
  form,
  submitText,
  confirmTitle,
  confirmBody,
  confirmText,
  check,
  onConfirm,
  children,
}: SubmitProps) {
  const t = useT();
  return (
    <>
      {form.formError ? (
        <Text className="cr-banner cr-banner-error" id={`${id}-error`}>
          {form.formError}
        </Text>
      ) : null}

      <View className="cr-actions">
        <Button
          id={`${id}-submit`}
          type="primary"
          size="large"
          block
          loading={form.busy}
          onClick={() => {
            if (check()) form.setConfirming(true);
          }}
        >
          {submitText}
        </Button>
      </View>
      {children}

      {form.confirming ? (
        <Confirm
          id={`${id}-confirm`}
          title={confirmTitle}
          body={confirmBody}
          confirmId={`${id}-confirm-ok`}
          confirmText={confirmText}
          cancelId={`${id}-confirm-cancel`}
          cancelText={t("cr.report.back")}
          busy={form.busy}
          onConfirm={onConfirm}
          onCancel={() => form.setConfirming(false)}
        />
      ) : null}
    </>
  );
}
