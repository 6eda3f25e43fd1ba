/**
 * Demo legal consultations around the day the demo is seeded: three duty lawyers with rosters
 * from four weeks back to eight weeks ahead, past consultations with outcomes (so statistics have
 * something to show), and a few upcoming bookings, one full slot with a waitlist. Same day, same data.
 */
import { bookingItem, lawyerItem, ledgerItem, rosterItem, slotItem, waitlistItem } from "../legal/repo.js";
import type {
  Attendance,
  Booking,
  LawyerProfile,
  Ledger,
  LegalCategory,
  Outcome,
  RosterInput,
  Slot,
  WaitlistEntry,
} from "../legal/schemas.js";
import { legalCategorySchema } from "../legal/schemas.js";
import { DEFAULT_LOCATION, ledgerEntry, newBooking, PHONE_LOCATION, planRoster } from "../legal/service.js";
import { addDays, shanghaiDate, shanghaiInstant } from "../time/shanghai.js";
import { demoUserId } from "./accounts.js";
import { DEMO_COMMUNITY, RESIDENT_NAMES } from "./data.js";

const LAWYERS: Array<
  Omit<LawyerProfile, "communityId" | "updatedAt"> & { roster: Omit<RosterInput, "lawyerId" | "from" | "to"> }
> = [
  {
    userId: demoUserId("demo-lawyer-1"),
    name: "周律师",
    firm: "河南中原律师事务所",
    specialties: ["婚姻家庭", "劳动争议"],
    intro: "执业十二年，擅长离婚财产分割、抚养权及工伤、欠薪纠纷。",
    roster: {
      weekdays: [1],
      startTime: "09:00",
      endTime: "12:00",
      slotMinutes: 30,
      mode: "in_person",
      seats: 1,
    },
  },
  {
    userId: demoUserId("demo-lawyer-2"),
    name: "吴律师",
    firm: "金水区法律援助中心",
    specialties: ["房产物业", "合同债务"],
    intro: "长期参与社区公益法律服务，熟悉物业纠纷、房屋买卖与民间借贷。",
    roster: {
      weekdays: [2, 4],
      startTime: "14:00",
      endTime: "17:00",
      slotMinutes: 30,
      mode: "phone",
      seats: 1,
    },
  },
  {
    userId: demoUserId("demo-lawyer-3"),
    name: "郑律师",
    firm: "河南正义律师事务所",
    specialties: ["继承", "消费者权益"],
    intro: "专注遗嘱继承、赡养及消费维权，语速慢、讲解细，老年人咨询较多。",
    roster: {
      weekdays: [3, 6],
      startTime: "09:00",
      endTime: "11:00",
      slotMinutes: 30,
      mode: "in_person",
      seats: 2,
    },
  },
];

const CATEGORIES = legalCategorySchema.options;
const DESCRIPTIONS: Record<LegalCategory, string> = {
  marriage_family: "协议离婚时房产登记在一方名下，另一方如何主张份额？",
  labour: "公司拖欠三个月工资，没有签劳动合同，怎样维权？",
  housing_property: "物业费上涨没有公示，业主可以拒交吗？",
  neighbour_dispute: "楼上住户长期深夜噪音，协商无果怎么办？",
  contracts_debts: "朋友借款五万元只有微信记录，能起诉吗？",
  inheritance: "父亲去世未留遗嘱，老房子兄妹之间如何继承？",
  consumer_rights: "预付卡健身房关门跑路，怎么退钱？",
  other: "想了解一下如何申请法律援助。",
};
const OUTCOMES: Outcome[] = [
  "answered",
  "answered",
  "referred_mediation",
  "answered",
  "referred_legal_aid",
  "advised_arbitration_or_court",
];

export function buildLegalDemo(now: Date): Record<string, unknown>[] {
  const today = shanghaiDate(now);
  const start = addDays(today, -28);
  // Every timestamp comes from the day, not the moment: seeding twice on one day gives the same data.
  const madeAt = shanghaiInstant(start, "00:00");
  const items: Record<string, unknown>[] = [];
  const slots: Slot[] = [];

  for (const [i, lawyer] of LAWYERS.entries()) {
    const profile: LawyerProfile = { ...lawyer, communityId: DEMO_COMMUNITY.id, updatedAt: madeAt };
    const { roster: _roster, ...stored } = profile as LawyerProfile & { roster?: unknown };
    items.push(lawyerItem(stored));
    const planned = planRoster(
      { ...lawyer.roster, lawyerId: lawyer.userId, from: start, to: addDays(today, 55) },
      {
        rosterId: `seed-roster-${i + 1}`,
        communityId: DEMO_COMMUNITY.id,
        lawyer: profile,
        location: lawyer.roster.mode === "phone" ? PHONE_LOCATION : DEFAULT_LOCATION,
        now: new Date(Date.parse(madeAt) - 1),
      },
    );
    items.push(rosterItem({ ...planned.roster, createdBy: demoUserId("demo-staff-1") }));
    slots.push(...planned.slots);
  }
  slots.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));

  const bookings: Booking[] = [];
  const ledgers = new Map<string, Ledger>();
  const ledgerOf = (userId: string) => {
    let ledger = ledgers.get(userId);
    if (!ledger) {
      ledger = { userId, version: 1, active: {}, noShows: {} };
      ledgers.set(userId, ledger);
    }
    return ledger;
  };
  const book = (
    slot: Slot,
    resident: number,
    category: LegalCategory,
    attendance: Attendance | null,
    n: number,
  ) => {
    const userId = demoUserId(`demo-resident-${resident}`);
    const booking: Booking = {
      ...newBooking(
        `seed-booking-${n}`,
        slot,
        { id: userId, nickname: RESIDENT_NAMES[resident - 1] as string },
        {
          category,
          description: DESCRIPTIONS[category],
          contactPhone: `139${String(resident).padStart(8, "0")}`,
        },
        "self",
        userId,
        madeAt,
      ),
      attendance,
      outcome: attendance === "attended" ? (OUTCOMES[n % OUTCOMES.length] as Outcome) : null,
      notes: attendance === "attended" ? "已当面解答，建议保留相关书面证据。" : null,
      recordedAt: attendance ? slot.endsAt : null,
    };
    bookings.push(booking);
    slot.booked += 1;
    slot.bookings[booking.id] = userId;
    const ledger = ledgerOf(userId);
    if (attendance === "no_show") ledger.noShows[booking.id] = slot.startsAt;
    if (slot.date >= today) ledger.active[booking.id] = ledgerEntry(booking);
    return booking;
  };

  // The past: about two in three seats taken; a no-show now and then, never twice for one resident.
  let n = 0;
  for (const slot of slots.filter((s) => s.date < today)) {
    for (let seat = 0; seat < slot.seats; seat++) {
      n += 1;
      if (n % 3 === 0) continue;
      const resident = (n % 28) + 1;
      book(
        slot,
        resident,
        CATEGORIES[n % CATEGORIES.length] as LegalCategory,
        n % 9 === 4 ? "no_show" : "attended",
        n,
      );
    }
  }

  // Ahead (from tomorrow): 王秀兰 (resident 1) has a Monday morning with 周律师; the next seat is
  // full with 李建国 waiting for it; 张伟 has a phone consultation with 吴律师.
  const tomorrow = addDays(today, 1);
  const ahead = slots.filter((s) => s.date >= tomorrow);
  const monday = ahead.filter((s) => s.lawyerId === demoUserId("demo-lawyer-1"));
  const phone = ahead.find((s) => s.lawyerId === demoUserId("demo-lawyer-2"));
  if (monday[0]) book(monday[0], 1, "inheritance", null, 9001);
  if (monday[1]) {
    book(monday[1], 4, "marriage_family", null, 9002);
    const waiting: WaitlistEntry = {
      slotId: monday[1].id,
      userId: demoUserId("demo-resident-2"),
      residentName: RESIDENT_NAMES[1] as string,
      communityId: monday[1].communityId,
      startsAt: monday[1].startsAt,
      category: "contracts_debts",
      description: DESCRIPTIONS.contracts_debts,
      contactPhone: null,
      joinedAt: madeAt,
    };
    items.push(waitlistItem(waiting));
    monday[1].waitlistCount = 1;
  }
  if (phone) book(phone, 3, "housing_property", null, 9003);

  items.push(...slots.map(slotItem), ...bookings.map(bookingItem));
  for (const ledger of ledgers.values()) items.push(ledgerItem(ledger));
  return items;
}
