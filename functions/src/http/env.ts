import type { AuthMethod } from "../auth/tokens.js";
import type { AppDeps } from "../deps.js";
import type { UserProfile } from "../users/schemas.js";
import type { IdempotentRequest } from "./idempotency.js";

export interface AppEnv {
  Variables: {
    requestId: string;
    deps: AppDeps;
    user: UserProfile;
    /** Set with `user`: how the caller's token was issued (null: a token from before the claim). */
    authMethod: AuthMethod | null;
    /** Set by the idempotency middleware when the request carries an Idempotency-Key. */
    idempotency?: IdempotentRequest;
  };
}
