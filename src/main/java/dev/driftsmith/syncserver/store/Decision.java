package dev.driftsmith.syncserver.store;

import tools.jackson.databind.node.ObjectNode;

/** What one operation does to its record, decided from the record's stored state alone. */
sealed interface Decision {
  /** Store the record at {@code version}: {@code data}, or a tombstone when {@code deleted}. */
  record Write(long version, ObjectNode data, boolean deleted) implements Decision {}

  /** Answer {@code applied} and change nothing: the record is already as the operation wants it. */
  record Unchanged(Long version) implements Decision {}

  /** Answer {@code conflict} with the current version and record (null: deleted or unknown). */
  record Conflict(long version, ObjectNode record) implements Decision {}

  /** Answer {@code rejected}: this operation will never be accepted. */
  record Reject(String reason) implements Decision {}
}
