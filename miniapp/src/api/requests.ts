import { client } from "./client";
import { ApiError, unwrap } from "./errors";
import type {
  Building,
  Community,
  DevAccount,
  Me,
  Page,
  Relation,
  Session,
  StaffRequestItem,
  VerificationInput,
  VerificationRequest,
} from "./types";

const v1 = client.api.v1;

/** The demo accounts, or null where dev login does not exist (anything but the local stage). */
export async function getDevAccounts(): Promise<DevAccount[] | null> {
  try {
    const body: { accounts: DevAccount[] } = await unwrap(v1.auth["dev-accounts"].$get());
    return body.accounts;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

export async function devLogin(openid: string): Promise<Session> {
  return unwrap(v1.auth["dev-login"].$post({ json: { openid } }));
}

export async function wechatLogin(code: string): Promise<Session> {
  return unwrap(v1.auth.wechat.$post({ json: { code } }));
}

export async function getMe(): Promise<Me> {
  return unwrap(v1.me.$get());
}

export async function getCommunities(): Promise<Community[]> {
  const body: { communities: Community[] } = await unwrap(v1.communities.$get());
  return body.communities;
}

export async function getBuildings(communityId: string): Promise<Building[]> {
  const body: { buildings: Building[] } = await unwrap(
    v1.communities[":communityId"].buildings.$get({ param: { communityId } }),
  );
  return body.buildings;
}

/** `key` makes a retried submission (double tap, flaky network) create one request only. */
export async function submitVerification(
  input: VerificationInput,
  key: string,
): Promise<VerificationRequest> {
  const body: { request: VerificationRequest } = await unwrap(
    v1.me["verification-request"].$post({ json: input }, { headers: { "Idempotency-Key": key } }),
  );
  return body.request;
}

export async function listPendingRequests(cursor?: string): Promise<Page<StaffRequestItem>> {
  const query: { status: "pending"; cursor?: string } = { status: "pending" };
  if (cursor) query.cursor = cursor;
  return unwrap(v1["verification-requests"].$get({ query }));
}

/** Resolves with the request it closed, or null when the resident had no open request. */
export async function verifyResident(
  userId: string,
  householdId: string,
  relation: Relation,
): Promise<VerificationRequest | null> {
  const body: { request: VerificationRequest | null } = await unwrap(
    v1.residents[":userId"].verify.$post({ param: { userId }, json: { householdId, relation } }),
  );
  return body.request;
}

export async function rejectResident(userId: string, reason: string): Promise<VerificationRequest> {
  const body: { request: VerificationRequest } = await unwrap(
    v1.residents[":userId"].reject.$post({ param: { userId }, json: { reason } }),
  );
  return body.request;
}
