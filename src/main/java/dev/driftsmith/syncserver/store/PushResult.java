package dev.driftsmith.syncserver.store;

import tools.jackson.databind.node.ObjectNode;

/**
 * The answer to one operation. {@code version}: applied, the record's new version (absent when a
 * delete found nothing to delete); conflict, the current one. {@code record}: conflict only, the
 * current record, null for a deleted (or unknown) one. {@code reason}: rejected and retry.
 */
public record PushResult(String opId, Status status, Long version, ObjectNode record, String reason) {
  public static PushResult applied(String opId, Long version) {
    return new PushResult(opId, Status.APPLIED, version, null, null);
  }

  public static PushResult conflict(String opId, long version, ObjectNode record) {
    return new PushResult(opId, Status.CONFLICT, version, record, null);
  }

  public static PushResult rejected(String opId, String reason) {
    return new PushResult(opId, Status.REJECTED, null, null, reason);
  }
}
