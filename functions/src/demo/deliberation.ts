/**
 * The demo deliberation hall of 黄河西路社区, around the day the demo is seeded: an owners' vote on
 * installing a lift in building 1 (open, secret, some owners have voted online and one on paper;
 * 王秀兰 has not yet), a proposal still gathering seconds, a topic in discussion with comments (one
 * hidden by staff), a decided owners' vote on renewing the property company, and a withdrawn
 * proposal. Built with the same electorate and rule functions the API uses; timestamps come from
 * the day, not the moment.
 */
import type { Household, Membership } from "../community/schemas.js";
import { keys } from "../db/keys.js";
import { commentItem, rollItems, tallyShardItems, topicItem, voteItem } from "../deliberation/repo.js";
import type { Tally } from "../deliberation/rules.js";
import type { Choice, Comment, RollUnit, Scope, Topic, TopicEvent, Vote } from "../deliberation/schemas.js";
import {
  buildElectorate,
  closedResult,
  electorateWeight,
  emptyTally,
  sealUnit,
  secondsNeeded,
} from "../deliberation/service.js";
import { addDays, shanghaiDate, shanghaiInstant } from "../time/shanghai.js";
import { DEMO_COMMUNITY } from "./data.js";

export interface DeliberationDemoInput {
  households: Household[];
  memberships: Membership[];
  names: Map<string, string>;
  staff: { id: string; nickname: string };
}

const at = (today: string, days: number, time: string) => shanghaiInstant(addDays(today, days), time);

export function buildDeliberationDemo(now: Date, input: DeliberationDemoInput): Record<string, unknown>[] {
  const today = shanghaiDate(now);
  const items: Record<string, unknown>[] = [];
  const inCommunity = input.households.filter((h) => h.communityId === DEMO_COMMUNITY.id);
  const members = input.memberships.filter((m) => m.communityId === DEMO_COMMUNITY.id);
  const name = (userId: string) => input.names.get(userId) ?? "居民";
  const resident = (n: number) => `u-demo-resident-${n}`;
  const staffEvent = (when: string, action: string, note: string | null = null): TopicEvent => ({
    at: when,
    by: input.staff.id,
    byName: input.staff.nickname,
    action,
    note,
  });
  const scopeOf = (scope: Scope) =>
    inCommunity.filter((h) => scope.kind === "community" || scope.buildingIds.includes(h.buildingId));

  const topic = (
    t: Partial<Topic> & Pick<Topic, "id" | "title" | "body" | "status" | "createdAt">,
  ): Topic => {
    const scope = t.scope ?? { kind: "community" };
    const inScope = scopeOf(scope);
    return {
      communityId: DEMO_COMMUNITY.id,
      scope,
      scopeLabel:
        scope.kind === "community" ? "全社区" : [...new Set(inScope.map((h) => h.buildingName))].join("、"),
      origin: "staff",
      createdBy: input.staff.id,
      createdByName: input.staff.nickname,
      seconds: 0,
      secondsNeeded: 0,
      householdsInScope: inScope.length,
      commentCount: 0,
      history: [staffEvent(t.createdAt, "created")],
      updatedAt: t.createdAt,
      ...t,
    } as Topic;
  };

  /** A vote with its roll, ballots (choice per unit index), tally shards and, when closed, its result. */
  const vote = (
    t: Topic,
    v: Pick<
      Vote,
      "rule" | "electorate" | "opensAt" | "closesAt" | "secret" | "changeable" | "liveResults"
    > & {
      state: "open" | "closed";
    },
    ballots: Map<number, { choice: Choice; via: "online" | "paper"; at: string; collector?: string }>,
  ) => {
    const drafts = buildElectorate({
      electorate: v.electorate,
      scope: t.scope,
      households: inCommunity,
      members,
      names: input.names,
    });
    const rollId = `demo${t.id.slice(-4)}`;
    const salt = `demo-salt-${t.id}`;
    const tally: Tally = emptyTally();
    const units: RollUnit[] = drafts.map((draft, i) => {
      const ballot = ballots.get(i);
      if (ballot) {
        items.push({
          ...keys.ballotChoice(t.id, sealUnit(salt, draft.unitId)),
          entity: "BallotChoice",
          choice: ballot.choice,
          area: draft.area,
        });
        tally[ballot.choice].count++;
        tally[ballot.choice].area += draft.area;
      }
      return {
        ...draft,
        voted: Boolean(ballot),
        votedAt: ballot?.at ?? null,
        via: ballot?.via ?? null,
        castBy: ballot ? (ballot.via === "paper" ? input.staff.id : (draft.voterIds[0] ?? null)) : null,
        collector: ballot?.collector ?? null,
        publicChoice: ballot && !v.secret ? ballot.choice : null,
        changes: 0,
      };
    });
    items.push(...rollItems(t.id, rollId, units, v.electorate));
    const eligible = electorateWeight(drafts);
    const result = closedResult({ rule: v.rule, eligible }, tally, v.closesAt, "system");
    const stored: Vote = {
      topicId: t.id,
      communityId: t.communityId,
      rule: v.rule,
      electorate: v.electorate,
      options: ["approve", "reject", "abstain"],
      opensAt: v.opensAt,
      closesAt: v.closesAt,
      secret: v.secret,
      changeable: v.changeable,
      liveResults: v.liveResults,
      earlyClose: false,
      state: v.state,
      eligible,
      rollId,
      sealSalt: salt,
      result: v.state === "closed" ? result : null,
      createdBy: input.staff.id,
      createdAt: v.opensAt,
    };
    items.push(voteItem(stored));
    items.push(...tallyShardItems(t.id, v.state, v.opensAt, tally));
    return result;
  };

  // 1. Building 1's lift: open, secret; owners 3–12 online, one paper ballot; 王秀兰 (1) not yet.
  const liftOpens = at(today, -2, "09:00");
  const lift = topic({
    id: "demo-lift-b1",
    title: "1栋加装电梯",
    body: "1栋建成于1998年，六层无电梯，老年住户上下楼困难。经前期征求意见，拟申请既有住宅加装电梯补贴，费用按楼层分摊（一楼不分摊）。\n\n根据《民法典》第二百七十八条，改建、重建建筑物及其附属设施属于业主共同决定的重大事项，需经参与表决专有部分面积四分之三以上且参与表决人数四分之三以上的业主同意。",
    scope: { kind: "buildings", buildingIds: ["b1"] },
    status: "voting",
    createdAt: at(today, -9, "10:00"),
    commentCount: 3,
  });
  lift.history.push(staffEvent(liftOpens, "vote_created"));
  lift.updatedAt = liftOpens;
  const liftDrafts = buildElectorate({
    electorate: "owners",
    scope: lift.scope,
    households: inCommunity,
    members,
    names: input.names,
  });
  const liftBallots = new Map<
    number,
    { choice: Choice; via: "online" | "paper"; at: string; collector?: string }
  >();
  liftDrafts.forEach((draft, i) => {
    const owner = draft.voterIds[0];
    const n = owner ? Number(owner.replace("u-demo-resident-", "")) : 0;
    if (n >= 3 && n <= 12)
      liftBallots.set(i, {
        choice: n === 7 ? "reject" : n === 11 ? "abstain" : "approve",
        via: "online",
        at: at(today, n % 2 === 0 ? -2 : -1, `${String(9 + (n % 8)).padStart(2, "0")}:15`),
      });
  });
  // 赵 family's elderly owner (resident 14) handed in a paper ballot at the center.
  const paperUnit = liftDrafts.findIndex((draft) => draft.voterIds.includes(resident(14)));
  if (paperUnit >= 0)
    liftBallots.set(paperUnit, {
      choice: "approve",
      via: "paper",
      at: at(today, -1, "15:30"),
      collector: "孙丽",
    });
  items.push(topicItem(lift));
  vote(
    lift,
    {
      rule: "owners_major",
      electorate: "owners",
      opensAt: liftOpens,
      closesAt: at(today, 5, "18:00"),
      secret: true,
      changeable: false,
      liveResults: false,
      state: "open",
    },
    liftBallots,
  );
  const comment = (
    t: Topic,
    n: number,
    userId: string,
    body: string,
    when: string,
    extra: Partial<Comment> = {},
  ) => {
    const household = members.find((m) => m.userId === userId);
    const building = inCommunity.find((h) => h.id === household?.householdId)?.buildingName ?? null;
    items.push(
      commentItem({
        id: `${when.replace(/[-:.TZ]/g, "")}-demo${n}`,
        topicId: t.id,
        authorId: userId,
        authorName: extra.byStaff ? input.staff.nickname : name(userId),
        authorPlace: extra.byStaff ? null : building,
        byStaff: false,
        body,
        createdAt: when,
        hidden: null,
        ...extra,
      }),
    );
  };
  comment(lift, 1, resident(3), "家里老人腿脚不便，非常支持加装电梯！", at(today, -8, "19:20"));
  comment(lift, 2, resident(7), "一楼采光会受影响，希望设计方案能考虑低层住户。", at(today, -7, "20:05"));
  comment(
    lift,
    3,
    input.staff.id,
    "设计单位将于本周六上午在1栋楼下现场答疑，欢迎参加。",
    at(today, -6, "10:30"),
    {
      byStaff: true,
    },
  );

  // 2. A resident's proposal gathering seconds.
  const parkingAt = at(today, -3, "20:10");
  const parkingScope: Scope = { kind: "community" };
  const needed = secondsNeeded(scopeOf(parkingScope).length, 20);
  const parking = topic({
    id: "demo-ebike-parking",
    title: "东门增设非机动车停放区",
    body: "东门两侧电动车乱停，早晚高峰行人通行困难。建议在东门内侧绿化带旁划设非机动车停放区，并安装充电桩，杜绝飞线充电。",
    scope: parkingScope,
    status: "proposed",
    origin: "resident",
    createdBy: resident(4),
    createdByName: name(resident(4)),
    createdAt: parkingAt,
    seconds: 3,
    secondsNeeded: needed,
    history: [{ at: parkingAt, by: resident(4), byName: name(resident(4)), action: "proposed", note: null }],
  });
  items.push(topicItem(parking));
  for (const [i, n] of [4, 8, 15].entries()) {
    const householdId = members.find((m) => m.userId === resident(n))?.householdId as string;
    items.push({
      ...keys.second(parking.id, householdId),
      entity: "Second",
      householdId,
      userId: resident(n),
      at: at(today, -3 + i, "21:00"),
    });
  }

  // 3. In discussion, with one comment hidden by staff.
  const sortingAt = at(today, -5, "09:30");
  const sorting = topic({
    id: "demo-waste-sorting",
    title: "垃圾分类定时定点投放时间调整",
    body: "现行投放时间为早7:00–9:00、晚18:00–20:00。部分上班族反映晚间时段偏早，拟调整为晚18:30–21:00，请大家发表意见。",
    status: "discussion",
    createdAt: sortingAt,
    commentCount: 4,
  });
  items.push(topicItem(sorting));
  comment(sorting, 4, resident(5), "赞成延长到21点，下班回来经常赶不上。", at(today, -5, "12:00"));
  comment(sorting, 5, resident(9), "晚上太晚投放会有异味，希望加强清运。", at(today, -4, "08:40"));
  comment(sorting, 6, resident(13), "谁再乱扔就曝光他家门牌号！", at(today, -4, "21:15"), {
    hidden: { reason: "涉及曝光他人住址，请文明发言", by: input.staff.id, at: at(today, -3, "09:00") },
  });
  comment(sorting, 7, resident(21), "建议在2栋旁边再放一组分类桶。", at(today, -2, "18:45"));

  // 4. Decided: renewing the property company (owners, ordinary matter), closed two weeks ago.
  const renewOpens = at(today, -24, "09:00");
  const renewCloses = at(today, -14, "18:00");
  const renew = topic({
    id: "demo-property-renewal",
    title: "续聘现物业服务企业",
    body: "现物业服务合同将于年底到期。业主委员会提议续聘现物业服务企业三年，物业费标准不变。根据《民法典》第二百七十八条，选聘和解聘物业服务企业由业主共同决定。",
    status: "decided",
    createdAt: at(today, -30, "10:00"),
  });
  const renewDrafts = buildElectorate({
    electorate: "owners",
    scope: renew.scope,
    households: inCommunity,
    members,
    names: input.names,
  });
  const renewBallots = new Map<
    number,
    { choice: Choice; via: "online" | "paper"; at: string; collector?: string }
  >();
  renewDrafts.forEach((_, i) => {
    if (i % 4 === 3) return; // a quarter did not take part
    renewBallots.set(i, {
      choice: i % 7 === 0 ? "reject" : i % 11 === 0 ? "abstain" : "approve",
      via: i % 5 === 0 ? "paper" : "online",
      at: at(today, -20 + (i % 6), "10:00"),
      ...(i % 5 === 0 ? { collector: "刘敏" } : {}),
    });
  });
  const decided = vote(
    renew,
    {
      rule: "owners_ordinary",
      electorate: "owners",
      opensAt: renewOpens,
      closesAt: renewCloses,
      secret: true,
      changeable: false,
      liveResults: false,
      state: "closed",
    },
    renewBallots,
  );
  renew.status = decided.passed ? "decided" : "rejected";
  renew.history.push(staffEvent(renewOpens, "vote_created"), {
    at: renewCloses,
    by: "system",
    byName: "系统",
    action: decided.passed ? "vote_passed" : "vote_failed",
    note: decided.explanation,
  });
  renew.updatedAt = renewCloses;
  items.push(topicItem(renew));

  // 5. A proposal its proposer withdrew.
  const wifiAt = at(today, -12, "21:30");
  const wifi = topic({
    id: "demo-square-wifi",
    title: "小区广场安装公共无线网络",
    body: "建议在中心广场安装免费无线网络，方便老人和孩子使用。",
    status: "withdrawn",
    origin: "resident",
    createdBy: resident(6),
    createdByName: name(resident(6)),
    createdAt: wifiAt,
    seconds: 2,
    secondsNeeded: needed,
    history: [
      { at: wifiAt, by: resident(6), byName: name(resident(6)), action: "proposed", note: null },
      {
        at: at(today, -10, "08:00"),
        by: resident(6),
        byName: name(resident(6)),
        action: "withdrawn",
        note: "街道已将广场纳入公共无线网络覆盖计划",
      },
    ],
  });
  items.push(topicItem(wifi));
  // Its two seconds: the proposer's household (as createTopic writes it) and one more.
  for (const [i, n] of [6, 10].entries()) {
    const householdId = members.find((m) => m.userId === resident(n))?.householdId as string;
    items.push({
      ...keys.second(wifi.id, householdId),
      entity: "Second",
      householdId,
      userId: resident(n),
      at: at(today, -12 + i, "21:30"),
    });
  }
  return items;
}
