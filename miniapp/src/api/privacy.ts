// 我的数据与账号: the export of everything stored about me, and deleting my account.
import { client } from "./client";
import { unwrap } from "./errors";

const me = client.api.v1.me;

/** The header value the API needs before it deletes an account (a stray call deletes nothing). */
export const DELETE_CONFIRMATION = "delete-my-account";

export function exportMyData() {
  return unwrap(me.export.$get());
}

export function deleteMyAccount() {
  return unwrap(me.$delete({ header: { "x-confirm-delete": DELETE_CONFIRMATION } }));
}
