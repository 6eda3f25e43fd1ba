import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, Textarea, View } from "@tarojs/components";
import { useState } from "react";
import type { StaffRequestItem } from "../../../api/types";
import { initial } from "../../../components/tone";
import { useT } from "../../../i18n";
import { formatAddress } from "../../../utils/address";
import { formatShanghai } from "../../../utils/time";

interface Props {
  item: StaffRequestItem;
  busy: boolean;
  onVerify(item: StaffRequestItem): void;
  onReject(item: StaffRequestItem, reason: string): void;
}

export function RequestCard({ item, busy, onVerify, onReject }: Props) {
  const t = useT();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState(false);

  const confirmReject = () => {
    if (reason.trim().length < 2) {
      setReasonError(true);
      return;
    }
    onReject(item, reason.trim());
  };

  return (
    <View className="card request" id={`request-${item.userId}`}>
      <View className="request-head">
        <View className="avatar">{initial(item.realName)}</View>
        <View className="request-who">
          <View className="request-name-row">
            <Text className="request-name">{item.realName}</Text>
            {item.nickname && item.nickname !== item.realName ? (
              <Text className="muted">（{item.nickname}）</Text>
            ) : null}
          </View>
          <Text className="muted">{t("staff.phone", { phone: item.phoneMasked })}</Text>
        </View>
        <Text className="badge badge-green">{t(`relation.${item.relation}`)}</Text>
      </View>

      <Text className="request-address">{formatAddress(t, item.buildingName, item.unit, item.room)}</Text>
      <Text className="muted request-line">
        {t("staff.submittedAt", { time: formatShanghai(item.createdAt) })}
      </Text>
      {item.candidateHouseholdId ? (
        <Text className="request-line request-match">
          {t("staff.candidate", { id: item.candidateHouseholdId })}
        </Text>
      ) : (
        <Text className="request-line request-warning">{t("staff.noCandidate")}</Text>
      )}

      {rejecting ? (
        <View className="request-reject">
          <Textarea
            className={`textarea${reasonError ? " textarea-invalid" : ""}`}
            value={reason}
            maxlength={200}
            placeholder={t("staff.rejectPlaceholder")}
            onInput={(e) => {
              setReason(e.detail.value);
              setReasonError(false);
            }}
          />
          {reasonError ? <Text className="request-error">{t("staff.reasonRequired")}</Text> : null}
          <View className="request-actions">
            <Button size="normal" onClick={() => setRejecting(false)} className="request-button">
              {t("common.cancel")}
            </Button>
            <Button
              size="normal"
              type="danger"
              loading={busy}
              onClick={confirmReject}
              className="request-button"
            >
              {t("staff.confirmReject")}
            </Button>
          </View>
        </View>
      ) : (
        <View className="request-actions">
          <Button
            size="normal"
            fill="outline"
            type="danger"
            disabled={busy}
            onClick={() => setRejecting(true)}
            className="request-button"
          >
            {t("staff.reject")}
          </Button>
          <Button
            size="normal"
            type="primary"
            loading={busy}
            disabled={!item.candidateHouseholdId}
            onClick={() => onVerify(item)}
            className="request-button"
          >
            {t("staff.verify")}
          </Button>
        </View>
      )}
    </View>
  );
}
