package dev.driftsmith.syncserver.store;

import dev.driftsmith.syncserver.Caller;
import dev.driftsmith.syncserver.JsonSupport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** One push, inside one transaction on one connection: stream lock, answers, records. */
final class PushBatch {
  /**
   * A write can find the record changed since it was read only when another user inserted the same
   * new record id at the same moment; deciding again then sees that record. Bounded all the same.
   */
  private static final int MAX_DECISIONS = 3;

  private final Connection c;
  private final Caller caller;
  private final long now;
  private long seq;
  private final long firstSeq;

  PushBatch(Connection c, Caller caller, long now) throws SQLException {
    this.c = c;
    this.caller = caller;
    this.now = now;
    this.seq = lockStream();
    this.firstSeq = seq;
  }

  List<PushResult> apply(List<PushItem> items) throws SQLException {
    List<PushResult> results = new ArrayList<>(items.size());
    for (PushItem item : items) results.add(answer(item));
    if (seq != firstSeq) {
      update("UPDATE sync_streams SET last_seq = ? WHERE tenant_id = ? AND owner_id = ?", seq, caller.tenant(), caller.user());
    }
    return results;
  }

  private PushResult answer(PushItem item) throws SQLException {
    PushResult earlier = storedAnswer(item.opId());
    if (earlier != null) return earlier;
    PushResult result = item instanceof PushItem.Valid valid
        ? apply(valid.operation()) : PushResult.rejected(item.opId(), ((PushItem.Malformed) item).reason());
    if (result.status().isFinal()) storeAnswer(result);
    return result;
  }

  private PushResult apply(Operation op) throws SQLException {
    for (int attempt = 0; attempt < MAX_DECISIONS; attempt++) {
      StoredRecord current = read(op);
      Decision decision = RecordRules.decide(op, current, caller.user());
      if (decision instanceof Decision.Write w) {
        if (write(op, current, w)) return PushResult.applied(op.opId(), w.version());
      } else if (decision instanceof Decision.Unchanged u) {
        return PushResult.applied(op.opId(), u.version());
      } else if (decision instanceof Decision.Conflict k) {
        return PushResult.conflict(op.opId(), k.version(), k.record());
      } else {
        return PushResult.rejected(op.opId(), ((Decision.Reject) decision).reason());
      }
    }
    return PushResult.retry(op.opId(), "the record changed while this operation was applied; send it again");
  }

  /**
   * Takes the caller's stream row lock, held to the end of the transaction: pushes of one user
   * run one after another, so their positions commit in order. Returns the stream's last position.
   */
  private long lockStream() throws SQLException {
    String lock = "UPDATE sync_streams SET last_seq = last_seq WHERE tenant_id = ? AND owner_id = ? RETURNING last_seq";
    Long last = selectLong(lock, caller.tenant(), caller.user());
    if (last != null) return last;
    update("INSERT INTO sync_streams (tenant_id, owner_id, last_seq) VALUES (?, ?, 0) ON CONFLICT (tenant_id, owner_id) DO NOTHING",
        caller.tenant(), caller.user());
    return selectLong(lock, caller.tenant(), caller.user());
  }

  private PushResult storedAnswer(String opId) throws SQLException {
    String sql = "SELECT answer FROM sync_answers WHERE tenant_id = ? AND owner_id = ? AND op_id = ?";
    try (PreparedStatement s = prepare(sql, caller.tenant(), caller.user(), opId); ResultSet r = s.executeQuery()) {
      return r.next() ? Answers.fromJson(r.getString(1)) : null;
    }
  }

  private void storeAnswer(PushResult result) throws SQLException {
    update("INSERT INTO sync_answers (tenant_id, owner_id, op_id, answer, answered_at) VALUES (?, ?, ?, ?, ?)",
        caller.tenant(), caller.user(), result.opId(), JsonSupport.MAPPER.writeValueAsString(Answers.toJson(result)), now);
  }

  private StoredRecord read(Operation op) throws SQLException {
    String sql = "SELECT owner_id, version, deleted, data FROM sync_records WHERE tenant_id = ? AND entity = ? AND record_id = ?";
    try (PreparedStatement s = prepare(sql, caller.tenant(), op.entity(), op.recordId()); ResultSet r = s.executeQuery()) {
      if (!r.next()) return null;
      String data = r.getString("data");
      return new StoredRecord(r.getString("owner_id"), r.getLong("version"), r.getInt("deleted") == 1,
          data == null ? null : (ObjectNode) JsonSupport.MAPPER.readTree(data));
    }
  }

  /** Stores the decided state; false when the record was not as read (decide again). */
  private boolean write(Operation op, StoredRecord current, Decision.Write w) throws SQLException {
    long position = seq + 1;
    String data = w.data() == null ? null : JsonSupport.MAPPER.writeValueAsString(w.data());
    int deleted = w.deleted() ? 1 : 0;
    int changed = current == null
        ? update("INSERT INTO sync_records (tenant_id, entity, record_id, owner_id, version, deleted, data, seq, changed_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, entity, record_id) DO NOTHING",
            caller.tenant(), op.entity(), op.recordId(), caller.user(), w.version(), deleted, data, position, now)
        : update("UPDATE sync_records SET version = ?, deleted = ?, data = ?, seq = ?, changed_at = ?"
            + " WHERE tenant_id = ? AND entity = ? AND record_id = ? AND version = ?",
            w.version(), deleted, data, position, now, caller.tenant(), op.entity(), op.recordId(), current.version());
    if (changed == 1) seq = position;
    return changed == 1;
  }

  private Long selectLong(String sql, Object... values) throws SQLException {
    try (PreparedStatement s = prepare(sql, values); ResultSet r = s.executeQuery()) {
      return r.next() ? r.getLong(1) : null;
    }
  }

  private int update(String sql, Object... values) throws SQLException {
    try (PreparedStatement s = prepare(sql, values)) {
      return s.executeUpdate();
    }
  }

  private PreparedStatement prepare(String sql, Object... values) throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    try {
      for (int i = 0; i < values.length; i++) s.setObject(i + 1, values[i]);
      return s;
    } catch (SQLException e) {
      s.close();
      throw e;
    }
  }
}
