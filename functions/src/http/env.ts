import type { AppDeps } from "../deps.js";
import type { UserProfile } from "../users/schemas.js";

export interface AppEnv {
  Variables: {
    requestId: string;
    deps: AppDeps;
    user: UserProfile;
  };
}
