// The shapes come from the API's own schemas, so the app and the server cannot drift apart.
import type { z } from "@hono/zod-openapi";
import type {
  buildingSchema,
  communitySchema,
  verificationRequestBody,
} from "../../../functions/src/community/schemas";
import type { DemoAccount } from "../../../functions/src/demo/accounts";
import type { Me, Relation, Role, VerificationRequestView } from "../../../functions/src/users/schemas";

export type { Me, Relation, Role };
export type VerificationRequest = VerificationRequestView;
export type VerificationStatus = Me["verification"]["status"];
export type RequestStatus = VerificationRequest["status"];
export type Household = Me["households"][number];
export type StaffRequestItem = VerificationRequest;
export type DevAccount = DemoAccount;
export type Community = z.infer<typeof communitySchema>;
export type Building = z.infer<typeof buildingSchema>;
export type VerificationInput = z.input<typeof verificationRequestBody>;

export interface Session {
  token: string;
  expiresAt: string;
  user: Me;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
