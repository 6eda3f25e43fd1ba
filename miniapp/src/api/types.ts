// The shapes this app relies on. Declared locally so a change in the API shows up as a type
// error in api/requests.ts rather than deep inside a page.
export type Role = "resident" | "staff" | "lawyer" | "admin";
export type Relation = "owner" | "tenant" | "member";
export type VerificationStatus = "unverified" | "pending" | "verified" | "rejected" | "revoked";
export type RequestStatus = "pending" | "verified" | "rejected" | "cancelled";

export interface DevAccount {
  openid: string;
  nickname: string;
  role: Role;
  description: string;
}

export interface VerificationRequest {
  id: string;
  userId: string;
  communityId: string;
  buildingId: string;
  buildingName: string;
  unit: string;
  room: string;
  relation: Relation;
  realName: string;
  phoneMasked: string;
  status: RequestStatus;
  reason: string | null;
  candidateHouseholdId: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface StaffRequestItem extends VerificationRequest {
  nickname?: string;
}

export interface Household {
  householdId: string;
  relation: Relation;
  buildingId: string;
  buildingName: string;
  unit: string;
  room: string;
  area: number;
  address: string;
}

export interface Me {
  id: string;
  nickname: string;
  roles: Role[];
  community: { id: string; name: string } | null;
  staffCommunityIds: string[];
  verification: { status: VerificationStatus; reason: string | null; request: VerificationRequest | null };
  households: Household[];
}

export interface Session {
  token: string;
  expiresAt: string;
  user: Me;
}

export interface Community {
  id: string;
  name: string;
  district: string;
  street: string;
}

export interface Building {
  id: string;
  name: string;
  units: string[];
}

export interface VerificationInput {
  communityId: string;
  buildingId: string;
  unit: string;
  room: string;
  relation: Relation;
  realName: string;
  phone: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
