import { getCaseSettings, listHandled } from "../cases/repo.js";
import {
  getCommunity,
  getHouseholds,
  getLatestVerificationRequest,
  listMemberships,
} from "../community/repo.js";
import type { StoredVerificationRequest } from "../community/schemas.js";
import { householdView, verificationStatus } from "../community/service.js";
import type { AppDeps } from "../deps.js";
import { maskPhone } from "../http/redact.js";
import type { Me, UserProfile, VerificationRequestView } from "./schemas.js";

export function toRequestView(request: StoredVerificationRequest): VerificationRequestView {
  const { phone, decidedBy: _decidedBy, ...rest } = request;
  return { ...rest, phoneMasked: maskPhone(phone) };
}

/** The caller's own view: profile, roles, community, households and verification state. */
export async function buildMe(deps: AppDeps, user: UserProfile): Promise<Me> {
  const [memberships, latestRequest, handled, supervisorOf] = await Promise.all([
    user.householdCount > 0 ? listMemberships(deps.db, user.id) : Promise.resolve([]),
    getLatestVerificationRequest(deps.db, user.id),
    listHandled(deps.db, user.id),
    Promise.all(
      user.staffCommunityIds.map(async (id) =>
        (await getCaseSettings(deps.db, id))?.supervisorIds.includes(user.id) ? [id] : [],
      ),
    ).then((lists) => lists.flat()),
  ]);
  const communityId = user.communityId ?? user.staffCommunityIds[0] ?? user.lawyerCommunityIds[0] ?? null;
  const [community, households] = await Promise.all([
    communityId ? getCommunity(deps.db, communityId) : Promise.resolve(null),
    getHouseholds(
      deps.db,
      memberships.map((membership) => membership.householdId),
    ),
  ]);
  const byId = new Map(households.map((household) => [household.id, household]));
  const status = verificationStatus(user);
  return {
    id: user.id,
    nickname: user.nickname,
    roles: user.roles,
    community: community ? { id: community.id, name: community.name } : null,
    staffCommunityIds: user.staffCommunityIds,
    lawyerCommunityIds: user.lawyerCommunityIds,
    caseDesk: {
      departments: handled.map((h) => ({ communityId: h.communityId, id: h.departmentId, name: h.name })),
      supervisorOf,
    },
    verification: {
      status,
      reason: status === "rejected" || status === "revoked" ? user.lastDecisionReason : null,
      request: latestRequest ? toRequestView(latestRequest) : null,
    },
    households: memberships.flatMap((membership) => {
      const household = byId.get(membership.householdId);
      if (!household) return [];
      const { id, buildingId, buildingName, unit, room, area, address } = householdView(household);
      return [
        {
          householdId: id,
          relation: membership.relation,
          buildingId,
          buildingName,
          unit,
          room,
          area,
          address,
        },
      ];
    }),
  };
}
