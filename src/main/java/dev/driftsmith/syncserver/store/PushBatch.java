package dev.driftsmith.syncserver.store;

import dev.driftsmith.syncserver.Caller;
import dev.driftsmith.syncserver.JsonSupport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * One push, inside one transaction on one connection. It takes the caller's stream lock, reads the
 * answers and records the batch names (two statements), decides every operation in memory, then
 * writes records and answers in JDBC batches: a handful of round trips whatever the batch size,
 * where one statement per step would cost about four per operation.
 */
final class PushBatch {
  /** Another user inserted one of this batch's new record ids between our read and our write. */
  static final class RecordRaced extends Exception {
    RecordRaced() {
      super("a record this push creates was created by another user at the same moment", null, false, false);
    }
  }

  private record RecordKey(String entity, String recordId) {}

  /** A record write, made in order: a new record's first write inserts it, later ones update it. */
  private record Write(RecordKey key, boolean insert, long expectedVersion, long version, boolean deleted, ObjectNode data, long seq) {}

  private final Connection c;
  private final Caller caller;
  private final long now;
  private long seq;
  private final long firstSeq;
  /** Answers of op ids, stored before or given in this batch. */
  private final Map<String, PushResult> answers = new HashMap<>();
  private final List<PushResult> newAnswers = new ArrayList<>();
  /** The records this batch touches, as they stand within it; null: the store does not have it. */
  private final Map<RecordKey, StoredRecord> records = new HashMap<>();
  /** Whether a record exists in the database now (its first write is an UPDATE) or not yet (an INSERT). */
  private final Map<RecordKey, Boolean> inDatabase = new HashMap<>();
  private final List<Write> writes = new ArrayList<>();

  PushBatch(Connection c, Caller caller, long now) throws SQLException {
    this.c = c;
    this.caller = caller;
    this.now = now;
    this.seq = lockStream();
    this.firstSeq = seq;
  }

  List<PushResult> apply(List<PushItem> items) throws SQLException, RecordRaced {
    answers.putAll(storedAnswers(items));
    records.putAll(readRecords(items));
    records.forEach((key, record) -> inDatabase.put(key, record != null));
    List<PushResult> results = new ArrayList<>(items.size());
    for (PushItem item : items) results.add(answer(item));
    writeRecords();
    storeAnswers();
    if (seq != firstSeq) {
      update("UPDATE sync_streams SET last_seq = ? WHERE tenant_id = ? AND owner_id = ?", seq, caller.tenant(), caller.user());
    }
    return results;
  }

  private PushResult answer(PushItem item) {
    PushResult earlier = answers.get(item.opId());
    if (earlier != null) return earlier;
    PushResult result = item instanceof PushItem.Valid valid
        ? decide(valid.operation()) : PushResult.rejected(item.opId(), ((PushItem.Malformed) item).reason());
    if (result.status().isFinal()) {
      answers.put(result.opId(), result);
      newAnswers.add(result);
    }
    return result;
  }

  private PushResult decide(Operation op) {
    RecordKey key = new RecordKey(op.entity(), op.recordId());
    StoredRecord current = records.get(key);
    Decision decision = RecordRules.decide(op, current, caller.user());
    if (decision instanceof Decision.Write w) {
      boolean insert = !inDatabase.get(key);
      writes.add(new Write(key, insert, current == null ? 0 : current.version(), w.version(), w.deleted(), w.data(), ++seq));
      inDatabase.put(key, true);
      records.put(key, new StoredRecord(caller.user(), w.version(), w.deleted(), w.data()));
      return PushResult.applied(op.opId(), w.version());
    }
    if (decision instanceof Decision.Unchanged u) return PushResult.applied(op.opId(), u.version());
    if (decision instanceof Decision.Conflict k) return PushResult.conflict(op.opId(), k.version(), k.record());
    return PushResult.rejected(op.opId(), ((Decision.Reject) decision).reason());
  }

  /**
   * Inserts first, then updates, each in statement order: an update never precedes the insert of
   * its record. A count other than 1 means the record was not as read: only another user's insert
   * of the same new id can do that (this user's pushes wait for the stream lock).
   */
  private void writeRecords() throws SQLException, RecordRaced {
    String insert = "INSERT INTO sync_records (tenant_id, entity, record_id, owner_id, version, deleted, data, seq, changed_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, entity, record_id) DO NOTHING";
    String update = "UPDATE sync_records SET version = ?, deleted = ?, data = ?, seq = ?, changed_at = ?"
        + " WHERE tenant_id = ? AND entity = ? AND record_id = ? AND version = ?";
    try (PreparedStatement inserts = c.prepareStatement(insert); PreparedStatement updates = c.prepareStatement(update)) {
      int inserted = 0;
      int updated = 0;
      for (Write w : writes) {
        String data = w.data() == null ? null : JsonSupport.MAPPER.writeValueAsString(w.data());
        int deleted = w.deleted() ? 1 : 0;
        if (w.insert()) {
          bind(inserts, caller.tenant(), w.key().entity(), w.key().recordId(), caller.user(), w.version(), deleted, data, w.seq(), now);
          inserts.addBatch();
          inserted++;
        } else {
          bind(updates, w.version(), deleted, data, w.seq(), now, caller.tenant(), w.key().entity(), w.key().recordId(), w.expectedVersion());
          updates.addBatch();
          updated++;
        }
      }
      if (inserted > 0) allOne(inserts.executeBatch());
      if (updated > 0) allOne(updates.executeBatch());
    }
  }

  private static void allOne(int[] counts) throws RecordRaced {
    for (int count : counts) if (count != 1 && count != java.sql.Statement.SUCCESS_NO_INFO) throw new RecordRaced();
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
        bind(s, caller.tenant(), caller.user(), result.opId(), JsonSupport.MAPPER.writeValueAsString(Answers.toJson(result)), now);
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
      while (r.next()) {
        String data = r.getString("data");
        found.put(new RecordKey(r.getString("entity"), r.getString("record_id")), new StoredRecord(r.getString("owner_id"),
            r.getLong("version"), r.getInt("deleted") == 1, data == null ? null : (ObjectNode) JsonSupport.MAPPER.readTree(data)));
      }
    }
    return found;
  }

  private static String marks(int n, String one) {
    return String.join(", ", Collections.nCopies(n, one));
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
      bind(s, values);
      return s;
    } catch (SQLException e) {
      s.close();
      throw e;
    }
  }

  private static void bind(PreparedStatement s, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) s.setObject(i + 1, values[i]);
  }
}
