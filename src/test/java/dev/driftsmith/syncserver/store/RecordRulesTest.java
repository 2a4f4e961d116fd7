package dev.driftsmith.syncserver.store;

import static dev.driftsmith.syncserver.conformance.Ops.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Every row of the protocol's decision table, without a database. */
class RecordRulesTest {
  static final ObjectNode ROW = data("title", "t", "body", "b");
  static final StoredRecord LIVE = new StoredRecord("alice", 4, false, ROW);
  static final StoredRecord TOMBSTONE = new StoredRecord("alice", 5, true, null);

  static Operation op(OpKind kind, ObjectNode data, Long base) {
    return new Operation("op", "notes", "n1", kind, data, base);
  }

  static Decision decide(OpKind kind, ObjectNode data, Long base, StoredRecord current) {
    return RecordRules.decide(op(kind, data, base), current, "alice");
  }

  @Test
  void newRecords() {
    assertEquals(new Decision.Write(1, ROW, false), decide(OpKind.INSERT, ROW, null, null));
    assertEquals(new Decision.Conflict(0, null), decide(OpKind.UPDATE, data("title", "x"), 3L, null));
    assertEquals(new Decision.Unchanged(null), decide(OpKind.DELETE, null, 3L, null));
  }

  @Test
  void liveRecordsOnTheCurrentVersion() {
    assertEquals(new Decision.Write(5, data("title", "x", "body", "b"), false), decide(OpKind.UPDATE, data("title", "x"), 4L, LIVE));
    assertEquals(new Decision.Write(5, data("title", "whole"), false), decide(OpKind.INSERT, data("title", "whole"), 4L, LIVE));
    assertEquals(new Decision.Write(5, null, true), decide(OpKind.DELETE, null, 4L, LIVE));
  }

  @Test
  void liveRecordsOnAnotherVersionAreConflicts() {
    for (OpKind kind : OpKind.values()) {
      for (Long base : new Long[] {null, 3L, 5L}) {
        assertEquals(new Decision.Conflict(4, ROW), decide(kind, kind == OpKind.DELETE ? null : ROW, base, LIVE), kind + " on " + base);
      }
    }
  }

  @Test
  void tombstones() {
    assertEquals(new Decision.Conflict(5, null), decide(OpKind.UPDATE, ROW, 5L, TOMBSTONE));
    assertEquals(new Decision.Unchanged(5L), decide(OpKind.DELETE, null, 2L, TOMBSTONE));
    assertEquals(new Decision.Write(6, ROW, false), decide(OpKind.INSERT, ROW, null, TOMBSTONE));
    assertEquals(new Decision.Write(6, ROW, false), decide(OpKind.INSERT, ROW, 5L, TOMBSTONE));
    assertEquals(new Decision.Conflict(5, null), decide(OpKind.INSERT, ROW, 4L, TOMBSTONE));
  }

  @Test
  void anotherUsersRecordIsRejectedWhateverTheOperation() {
    for (StoredRecord theirs : new StoredRecord[] {new StoredRecord("bob", 4, false, ROW), new StoredRecord("bob", 5, true, null)}) {
      for (OpKind kind : OpKind.values()) {
        Decision d = decide(kind, kind == OpKind.DELETE ? null : ROW, theirs.version(), theirs);
        assertTrue(d instanceof Decision.Reject r && r.reason().startsWith("recordId: notes/n1 belongs to another user"), d.toString());
      }
    }
  }
}
