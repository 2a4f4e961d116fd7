package dev.driftsmith.syncserver.store;

import tools.jackson.databind.node.ObjectNode;

/**
 * The protocol's rules for one operation against the record as stored: ownership, versions,
 * tombstones and patches. A pure function, so every case is tested without a database.
 */
final class RecordRules {
  private RecordRules() {}

  static Decision decide(Operation op, StoredRecord current, String caller) {
    if (current == null) return onMissing(op);
    if (!current.owner().equals(caller)) {
      // Never applied, and no detail of the other user's record is given away.
      return new Decision.Reject("recordId: " + op.entity() + "/" + op.recordId()
          + " belongs to another user; a device may change only its own user's records");
    }
    if (current.deleted()) return onTombstone(op, current);
    if (op.baseVersion() == null || op.baseVersion() != current.version()) {
      return new Decision.Conflict(current.version(), current.data());
    }
    long next = current.version() + 1;
    return switch (op.op()) {
      // An insert on the current version is the device's whole record winning over ours (its
      // conflict strategy rebased it): it replaces the record.
      case INSERT -> new Decision.Write(next, Patches.keepClockMaximum(current.data(), op.data()), false);
      case UPDATE -> new Decision.Write(next, Patches.apply(current.data(), op.data()), false);
      case DELETE -> new Decision.Write(next, null, true);
    };
  }

  private static Decision onMissing(Operation op) {
    return switch (op.op()) {
      case INSERT -> new Decision.Write(1, op.data(), false);
      // There is nothing to patch: to the device this is a record the server does not have, as if
      // deleted, and its conflict strategy decides (client-wins sends it again as an insert).
      case UPDATE -> new Decision.Conflict(0, null);
      case DELETE -> new Decision.Unchanged(null);
    };
  }

  private static Decision onTombstone(Operation op, StoredRecord tombstone) {
    return switch (op.op()) {
      // Both sides want it gone: nothing to change, whatever version the device deleted.
      case DELETE -> new Decision.Unchanged(tombstone.version());
      // A device whose change won over our delete sends it again as an insert, without a version
      // (or on the tombstone's): the record comes back. Made on an older version, it is a conflict.
      case INSERT -> op.baseVersion() == null || op.baseVersion() == tombstone.version()
          ? new Decision.Write(tombstone.version() + 1, op.data(), false)
          : new Decision.Conflict(tombstone.version(), null);
      case UPDATE -> new Decision.Conflict(tombstone.version(), null);
    };
  }
}
