package dev.driftsmith.syncserver.store;

import dev.driftsmith.syncserver.Caller;
import dev.driftsmith.syncserver.JsonSupport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  /** Answers of op ids, stored before or given in this batch. */
  private final Map<String, PushResult> answers = new HashMap<>();
  private final List<PushResult> newAnswers = new ArrayList<>();
  /** The records this batch touches, as they stand within it. */
  private final Map<RecordKey, StoredRecord> records = new HashMap<>();

  private record RecordKey(String entity, String recordId) {}

  PushBatch(Connection c, Caller caller, long now) throws SQLException {
    this.c = c;
    this.caller = caller;
    this.now = now;
    this.seq = lockStream();
    this.firstSeq = seq;
  }

  List<PushResult> apply(List<PushItem> items) throws SQLException {
    // Read what the batch needs in two statements, not two per operation: on PostgreSQL every
    // statement is a round trip, and SQLite holds its write lock while they run.
    answers.putAll(storedAnswers(items));
    records.putAll(readRecords(items));
    List<PushResult> results = new ArrayList<>(items.size());
    for (PushItem item : items) results.add(answer(item));
    storeAnswers();
    if (seq != firstSeq) {
      update("UPDATE sync_streams SET last_seq = ? WHERE tenant_id = ? AND owner_id = ?", seq, caller.tenant(), caller.user());
    }
    return results;
  }

  private PushResult answer(PushItem item) throws SQLException {
    PushResult earlier = answers.get(item.opId());
    if (earlier != null) return earlier;
    PushResult result = item instanceof PushItem.Valid valid
        ? apply(valid.operation()) : PushResult.rejected(item.opId(), ((PushItem.Malformed) item).reason());
    if (result.status().isFinal()) {
      answers.put(result.opId(), result);
      newAnswers.add(result);
    }
    return result;
  }

  private PushResult apply(Operation op) throws SQLException {
    RecordKey key = new RecordKey(op.entity(), op.recordId());
    for (int attempt = 0; attempt < MAX_DECISIONS; attempt++) {
      StoredRecord current = attempt == 0 ? records.get(key) : read(key);
      Decision decision = RecordRules.decide(op, current, caller.user());
      if (decision instanceof Decision.Write w) {
        if (write(key, current, w)) {
          records.put(key, new StoredRecord(caller.user(), w.version(), w.deleted(), w.data()));
          return PushResult.applied(op.opId(), w.version());
        }
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

  private Map<String, PushResult> storedAnswers(List<PushItem> items) throws SQLException {
    List<String> opIds = items.stream().map(PushItem::opId).distinct().toList();
    String sql = "SELECT answer FROM sync_answers WHERE tenant_id = ? AND owner_id = ? AND op_id IN (" + marks(opIds.size(), "?") + ")";
    List<Object> values = new ArrayList<>(List.of(caller.tenant(), caller.user()));
    values.addAll(opIds);
    Map<String, PushResult> found = new HashMap<>();
    try (PreparedStatement s = prepare(sql, values.toArray()); ResultSet r = s.executeQuery()) {
      while (r.next()) {
        PushResult answer = Answers.fromJson(r.getString(1));
        found.put(answer.opId(), answer);
      }
    }
    return found;
  }

  private void storeAnswers() throws SQLException {
    if (newAnswers.isEmpty()) return;
    String sql = "INSERT INTO sync_answers (tenant_id, owner_id, op_id, answer, answered_at) VALUES (?, ?, ?, ?, ?)";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (PushResult result : newAnswers) {
        s.setString(1, caller.tenant());
        s.setString(2, caller.user());
        s.setString(3, result.opId());
        s.setString(4, JsonSupport.MAPPER.writeValueAsString(Answers.toJson(result)));
        s.setLong(5, now);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** The stored state of every record the batch names; a key that maps to null is a record the store does not have. */
  private Map<RecordKey, StoredRecord> readRecords(List<PushItem> items) throws SQLException {
    List<RecordKey> keys = items.stream().filter(i -> i instanceof PushItem.Valid)
        .map(i -> ((PushItem.Valid) i).operation()).map(op -> new RecordKey(op.entity(), op.recordId())).distinct().toList();
    Map<RecordKey, StoredRecord> found = new HashMap<>();
    if (keys.isEmpty()) return found;
    for (RecordKey key : keys) found.put(key, null);
    String sql = "SELECT entity, record_id, owner_id, version, deleted, data FROM sync_records WHERE tenant_id = ?"
        + " AND (entity, record_id) IN (VALUES " + marks(keys.size(), "(?, ?)") + ")";
    List<Object> values = new ArrayList<>(List.of(caller.tenant()));
    for (RecordKey key : keys) values.addAll(List.of(key.entity(), key.recordId()));
    try (PreparedStatement s = prepare(sql, values.toArray()); ResultSet r = s.executeQuery()) {
      while (r.next()) found.put(new RecordKey(r.getString("entity"), r.getString("record_id")), record(r));
    }
    return found;
  }

  private StoredRecord read(RecordKey key) throws SQLException {
    String sql = "SELECT owner_id, version, deleted, data FROM sync_records WHERE tenant_id = ? AND entity = ? AND record_id = ?";
    try (PreparedStatement s = prepare(sql, caller.tenant(), key.entity(), key.recordId()); ResultSet r = s.executeQuery()) {
      return r.next() ? record(r) : null;
    }
  }

  private static StoredRecord record(ResultSet r) throws SQLException {
    String data = r.getString("data");
    return new StoredRecord(r.getString("owner_id"), r.getLong("version"), r.getInt("deleted") == 1,
        data == null ? null : (ObjectNode) JsonSupport.MAPPER.readTree(data));
  }

  private static String marks(int n, String one) {
    return String.join(", ", java.util.Collections.nCopies(n, one));
  }

  /** Stores the decided state; false when the record was not as read (decide again). */
  private boolean write(RecordKey key, StoredRecord current, Decision.Write w) throws SQLException {
    long position = seq + 1;
    String data = w.data() == null ? null : JsonSupport.MAPPER.writeValueAsString(w.data());
    int deleted = w.deleted() ? 1 : 0;
    int changed = current == null
        ? update("INSERT INTO sync_records (tenant_id, entity, record_id, owner_id, version, deleted, data, seq, changed_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, entity, record_id) DO NOTHING",
            caller.tenant(), key.entity(), key.recordId(), caller.user(), w.version(), deleted, data, position, now)
        : update("UPDATE sync_records SET version = ?, deleted = ?, data = ?, seq = ?, changed_at = ?"
            + " WHERE tenant_id = ? AND entity = ? AND record_id = ? AND version = ?",
            w.version(), deleted, data, position, now, caller.tenant(), key.entity(), key.recordId(), current.version());
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
