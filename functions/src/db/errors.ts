import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";

export function isConditionalFailure(error: unknown): boolean {
  return error instanceof Error && error.name === "ConditionalCheckFailedException";
}

/**
 * For a cancelled transaction, the index of each item whose condition failed, so the caller
 * can say which rule was broken (the household exists, the request is no longer pending...).
 */
export function cancelledConditionIndexes(error: unknown): number[] | null {
  if (
    !(error instanceof TransactionCanceledException) &&
    !(error instanceof Error && error.name === "TransactionCanceledException")
  ) {
    return null;
  }
  const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
  return reasons.flatMap((reason, index) => (reason.Code === "ConditionalCheckFailed" ? [index] : []));
}

/** DynamoDB refused a transaction because another one touched the same item at the same moment. */
export function isTransactionConflict(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "TransactionConflictException") return true;
  if (error.name !== "TransactionCanceledException") return false;
  const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
  return reasons.some((reason) => reason.Code === "TransactionConflict");
}
