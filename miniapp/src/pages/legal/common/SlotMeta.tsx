import { Text } from "@tarojs/components";
import type { LegalSlot } from "../../../api/legal-work";
import { useT } from "../../../i18n";

/** Place, seats and queue of a slot, and why it was cancelled: the lawyer's day and the staff schedule. */
export function SlotMeta({ slot }: { slot: LegalSlot }) {
  const t = useT();
  return (
    <>
      <Text className="lw-slot-meta">
        {slot.location} · {t("lw.seatsBooked", { booked: slot.booked, seats: slot.seats })}
        {slot.waitlisted > 0 ? ` · ${t("lw.waitlisted", { count: slot.waitlisted })}` : ""}
      </Text>
      {slot.status === "cancelled" ? (
        <Text className="lw-warn">
          {slot.cancelReason
            ? t("lw.slotCancelledReason", { reason: slot.cancelReason })
            : t("lw.slotCancelled")}
        </Text>
      ) : null}
    </>
  );
}
