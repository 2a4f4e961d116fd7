package dev.driftsmith.feature.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.feature.sync.OutboxSql;
import dev.driftsmith.feature.sync.SyncQueries;
import dev.driftsmith.feature.sync.SyncedTable;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.KeyAction;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.Migrations;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.testing.Schemas;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sync layer's SQL on real SQLite: the capture triggers of {@link OutboxSql} and the exact
 * statements of {@link SyncQueries} that the generated engine runs.
 */
class OutboxSqliteTest {
  static final Table CATEGORIES = new Table("categories", List.of(
      new Column("id", ColumnType.INTEGER, false, true, true, false, null, null),
      new Column("name", ColumnType.TEXT, false, false, false, false, null, null)), false, false, List.of());
  static final Table NOTES = new Table("notes", List.of(
      new Column("id", ColumnType.INTEGER, false, true, true, false, null, null),
      new Column("title", ColumnType.TEXT, false, false, false, false, null, null),
      new Column("pinned", ColumnType.BOOLEAN, false, false, false, false, false, null),
      new Column("cover", ColumnType.BLOB, true, false, false, false, null, null),
      new Column("categoryId", ColumnType.INTEGER, true, false, false, false, null,
          new Column.Reference("categories", "id", KeyAction.SET_NULL, null))), true, false, List.of());
  static final Table LINKS = new Table("note_links", List.of(
      new Column("fromId", ColumnType.INTEGER, false, true, false, false, null, null),
      new Column("toId", ColumnType.INTEGER, false, true, false, false, null, null)), false, false, List.of());

  /** The three tables, all synced. */
  static final Manifest SYNCED = Schemas.syncing(Schemas.manifest(CATEGORIES, NOTES, LINKS), "categories", "notes", "note_links");

  SqliteSandbox db;
  Connection c;

  @BeforeEach
  void open() throws SQLException {
    db = SqliteSandbox.with(Schemas.freshInstall(SYNCED));
    c = db.connection();
  }

  @AfterEach
  void close() throws SQLException {
    db.close();
  }

  @Test
  void insertEnqueuesTheRowAsJson() throws SQLException {
    exec("INSERT INTO notes (title, pinned, cover) VALUES ('Hello', 1, x'CAFE')");
    List<Map<String, Object>> ops = outbox();
    assertEquals(1, ops.size());
    Map<String, Object> op = ops.get(0);
    assertEquals("notes", op.get("entity"));
    assertEquals(rid("notes", 1), op.get("record_id"), "the record id is the row's sync_id");
    assertTrue(rid("notes", 1).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), rid("notes", 1));
    assertNull(json(op, "id"), "the local integer key does not travel");
    assertNull(json(op, "sync_id"), "nor does the record id, which travels as recordId");
    assertEquals("insert", op.get("op"));
    assertEquals("pending", op.get("state"));
    assertTrue(op.get("op_id").toString().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), op.get("op_id").toString());
    assertEquals("Hello", json(op, "title"));
    assertEquals("true", one("SELECT json_type(payload, '$.pinned') FROM sync_outbox"), "booleans are JSON booleans");
    assertEquals("CAFE", json(op, "cover"));
    assertEquals("[]", op.get("parents"));
  }

  @Test
  void opIdsAreUnique() throws SQLException {
    for (int i = 0; i < 50; i++) exec("INSERT INTO categories (name) VALUES ('c" + i + "')");
    assertEquals(50L, one("SELECT count(DISTINCT op_id) FROM sync_outbox"));
  }

  @Test
  void updatesOfAnUnsentRowCoalesceIntoOneOperation() throws SQLException {
    exec("INSERT INTO notes (title) VALUES ('a')");
    exec("UPDATE notes SET title = 'b' WHERE id = 1");
    exec("UPDATE notes SET title = 'c' WHERE id = 1");
    List<Map<String, Object>> ops = outbox();
    assertEquals(1, ops.size(), "one insert carrying the latest values");
    assertEquals("insert", ops.get(0).get("op"));
    assertEquals("c", json(ops.get(0), "title"));
  }

  @Test
  void aSentOperationIsNeverRewritten() throws SQLException {
    exec("INSERT INTO notes (title) VALUES ('a')");
    claimAll();
    exec("UPDATE notes SET title = 'b' WHERE id = 1");
    exec("UPDATE notes SET title = 'c' WHERE id = 1");
    List<Map<String, Object>> ops = outbox();
    assertEquals(2, ops.size());
    assertEquals("a", json(ops.get(0), "title"), "the sent insert keeps what was sent");
    assertEquals("update", ops.get(1).get("op"));
    assertEquals("c", json(ops.get(1), "title"));
    assertEquals("a", one("SELECT json_extract(snapshot, '$.title') FROM sync_outbox WHERE op = 'update'"), "snapshot is the row before the first unsent change");
  }

  @Test
  void deletingAnUnsentRowSendsNothing() throws SQLException {
    exec("INSERT INTO notes (title) VALUES ('a')");
    exec("UPDATE notes SET title = 'b' WHERE id = 1");
    exec("DELETE FROM notes WHERE id = 1");
    assertEquals(0, outbox().size());
  }

  @Test
  void deletingASentRowSendsADeleteThatSupersedesUnsentUpdates() throws SQLException {
    exec("INSERT INTO notes (title) VALUES ('a')");
    claimAll();
    exec("UPDATE notes SET title = 'b' WHERE id = 1");
    exec("DELETE FROM notes WHERE id = 1");
    List<Map<String, Object>> ops = outbox();
    assertEquals(List.of("insert", "delete"), ops.stream().map(o -> o.get("op")).toList());
    assertNull(ops.get(1).get("payload"));
    assertEquals("b", one("SELECT json_extract(snapshot, '$.title') FROM sync_outbox WHERE op = 'delete'"));
  }

  @Test
  void theTouchTriggerDoesNotAddASecondOperation() throws SQLException {
    exec("INSERT INTO notes (title) VALUES ('a')");
    claimAll();
    exec("UPDATE notes SET title = 'b' WHERE id = 1");
    assertEquals(1L, one("SELECT count(*) FROM sync_outbox WHERE op = 'update'"));
  }

  @Test
  void compositeKeysAreJsonArrays() throws SQLException {
    exec("INSERT INTO note_links (from_id, to_id) VALUES (1, 2)");
    assertEquals("[1,2]", outbox().get(0).get("record_id"));
    claimAll();
    exec("DELETE FROM note_links");
    assertEquals("[1,2]", outbox().get(1).get("record_id"));
  }

  @Test
  void changesAppliedFromTheServerDoNotEcho() throws SQLException {
    c.setAutoCommit(false);
    exec(SyncQueries.BEGIN_REMOTE);
    assertEquals(1, applyRemote(NOTES, "{\"title\": \"from server\", \"pinned\": true, \"cover\": \"BEEF\", \"created_at\": \"2026-01-01 10:00:00\", \"updated_at\": \"2026-01-01 10:00:00\"}", "7"), "a new record is inserted");
    assertEquals(0, applyRemote(NOTES, "{\"title\": \"renamed\"}", "7"), "a known record is updated");
    exec(SyncQueries.END_REMOTE);
    c.commit();
    c.setAutoCommit(true);
    assertEquals(0, outbox().size(), "remote changes are not queued back to the server");
    assertEquals("renamed", one("SELECT title FROM notes WHERE id = 7"));
    assertEquals(1L, one("SELECT pinned FROM notes WHERE id = 7"), "a partial record keeps the fields it does not carry");
    assertEquals("BEEF", one("SELECT hex(cover) FROM notes WHERE id = 7"));
    assertEquals("2026-01-01 10:00:00", one("SELECT updated_at FROM notes WHERE id = 7"), "the touch trigger leaves server writes alone");
    assertEquals(0L, one("SELECT count(*) FROM sync_meta"), "the guard is gone after the transaction");
    exec("UPDATE notes SET title = 'local' WHERE id = 7");
    assertEquals(1, outbox().size(), "local writes are captured again");
  }

  /**
   * A server delete of a category lets go of the notes filed under it: the release is queued for
   * the server but keeps the note's updated_at, so under lastWriteWins it loses to a newer edit
   * made elsewhere; the user's own unfiling is an edit and is touched.
   */
  @Test
  void childrenReleasedByAServerDeleteAreQueuedButKeepTheirUpdatedAt() throws SQLException {
    exec("INSERT INTO categories (id, name) VALUES (1, 'home')");
    exec("INSERT INTO notes (id, title, category_id) VALUES (7, 'milk', 1), (8, 'oat', 1)");
    exec("UPDATE notes SET updated_at = '2026-01-01T10:00:00.000Z'");
    claimAll();
    List<SyncedTable> synced = List.of(Schemas.synced(SYNCED, "categories"), Schemas.synced(SYNCED, "notes"), Schemas.synced(SYNCED, "note_links"));
    exec(SyncQueries.BEGIN_RELEASE);
    for (String release : SyncQueries.releaseChildren(synced, synced.get(0))) run(release, rid("categories", 1));
    exec(SyncQueries.END_RELEASE);
    assertEquals(0L, one("SELECT count(*) FROM notes WHERE category_id IS NOT NULL"), "the notes let go of the category");
    assertEquals(0L, one("SELECT count(*) FROM notes WHERE updated_at <> '2026-01-01T10:00:00.000Z'"), "the release is not the user's edit");
    List<Map<String, Object>> queued = rows("SELECT json_extract(payload, '$.updated_at') AS at FROM sync_outbox WHERE op = 'update'");
    assertEquals(List.of(Map.of("at", "2026-01-01T10:00:00.000Z"), Map.of("at", "2026-01-01T10:00:00.000Z")), queued,
        "both releases are queued, with the updated_at they had");
    exec("UPDATE notes SET category_id = NULL, title = 'milk 2' WHERE id = 7");
    assertEquals(1L, one("SELECT count(*) FROM notes WHERE updated_at <> '2026-01-01T10:00:00.000Z'"), "the user's edit is touched");
  }

  @Test
  void serverDeletesReachTheClient() throws SQLException {
    exec(SyncQueries.BEGIN_REMOTE);
    applyRemote(NOTES, "{\"id\": 3, \"title\": \"x\"}", "3");
    applyRemote(LINKS, "{\"from_id\": 3, \"to_id\": 4}", "[3,4]");
    assertEquals(0, applyRemote(LINKS, "{}", "[3,4]"), "a known junction row is found by its key");
    run(SyncQueries.deleteRecord(SyncedTable.plain(NOTES)), "3");
    run(SyncQueries.deleteRecord(SyncedTable.plain(LINKS)), "[3,4]");
    exec(SyncQueries.END_REMOTE);
    assertEquals(0L, one("SELECT count(*) FROM notes"));
    assertEquals(0L, one("SELECT count(*) FROM note_links"));
    assertEquals(0, outbox().size());
  }

  @Test
  void theKeyComesFromTheRecordIdAndNewRecordsNeedTheirRequiredColumns() throws SQLException {
    exec(SyncQueries.BEGIN_REMOTE);
    applyRemote(NOTES, "{\"id\": 99, \"title\": \"a\"}", "5");
    assertEquals(5L, one("SELECT id FROM notes"), "the record id decides the row, not the payload");
    assertEquals(0, applyRemote(NOTES, "{\"pinned\": true}", "5"), "a partial record of a known row updates it");
    assertEquals("a", one("SELECT title FROM notes WHERE id = 5"));
    assertThrows(SQLException.class, () -> applyRemote(NOTES, "{\"pinned\": true}", "6"), "a new record without its title cannot be stored");
    assertEquals(1L, one("SELECT count(*) FROM notes"));
  }

  @Test
  void aChangeAndItsOperationCommitOrFailTogether() throws SQLException {
    c.setAutoCommit(false);
    exec("INSERT INTO notes (title) VALUES ('a')");
    c.rollback();
    c.setAutoCommit(true);
    assertEquals(0, outbox().size());
    exec("CREATE TRIGGER outbox_full BEFORE INSERT ON sync_outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    assertThrows(SQLException.class, () -> exec("INSERT INTO notes (title) VALUES ('b')"));
    assertEquals(0L, one("SELECT count(*) FROM notes"), "a write whose operation cannot be queued does not happen");
  }

  @Test
  void dequeueHonoursPriorityOrderAndBatchSize() throws SQLException {
    for (int i = 0; i < 3; i++) exec("INSERT INTO notes (title) VALUES ('n" + i + "')");
    for (int i = 0; i < 3; i++) exec("INSERT INTO categories (name) VALUES ('c" + i + "')");
    List<Map<String, Object>> batch = rows(SyncQueries.dequeue(Map.of()), 4);
    assertEquals(List.of("notes", "notes", "notes", "categories"), batch.stream().map(o -> o.get("entity")).toList());
    batch = rows(SyncQueries.dequeue(Map.of("categories", 10)), 2);
    assertEquals(List.of("categories", "categories"), batch.stream().map(o -> o.get("entity")).toList());
    assertEquals(List.of(rid("categories", 1), rid("categories", 2)), batch.stream().map(o -> o.get("record_id")).toList(), "first in, first out within a priority");
  }

  /** Sync priorities at fixed clock values: levels, age promotion with its cap, deadlines, ties by age. */
  @Test
  void priorityLevelsAgeAndDeadlinesOrderTheQueue() throws SQLException {
    var rules = new SyncQueries.PriorityRules(Map.of("notes", 0, "notes.delete", 3, "categories", 2), 60_000);
    String dequeue = SyncQueries.dequeue(Map.of(), rules);
    exec("INSERT INTO notes (title, created_at) VALUES ('old low', '2026-01-01 09:00:00')");       // low, waited 60 min
    exec("INSERT INTO notes (title) VALUES ('new low')");
    exec("INSERT INTO categories (name) VALUES ('high')");
    exec("INSERT INTO note_links (from_id, to_id) VALUES (1, 2)");                                  // normal (no rule)
    String n1 = rid("notes", 1);
    String n2 = rid("notes", 2);
    exec("UPDATE sync_outbox SET created_at = '2026-01-01 10:00:00.000' WHERE record_id <> '" + n1 + "'");
    exec("UPDATE sync_outbox SET created_at = '2026-01-01 09:00:00.000' WHERE record_id = '" + n1 + "'");
    String at = "2026-01-01 10:00:30.000";
    List<Map<String, Object>> ops = rows(dequeue, 10, at);
    assertEquals(List.of("notes:" + n1 + ":3", "categories:" + rid("categories", 1) + ":2", "note_links:[1,2]:1", "notes:" + n2 + ":0"),
        ops.stream().map(o -> o.get("entity") + ":" + o.get("record_id") + ":" + o.get("level")).toList(),
        "an hour of waiting lifts low to critical (capped); then high, normal, low");
    ops = rows(dequeue, 10, "2026-01-01 10:01:30.000");
    assertEquals(1L, ops.get(3).get("level"), "one promotion per minute: the new low is normal after 90 s");
    // A deadline close to passing makes an operation critical; a passed one is not sent but reported.
    exec("UPDATE sync_outbox SET deadline_at = '2026-01-01 10:01:00.000' WHERE record_id = '" + n2 + "'");
    ops = rows(dequeue, 10, at);
    assertEquals(List.of("notes:" + n1, "notes:" + n2), ops.subList(0, 2).stream().map(o -> o.get("entity") + ":" + o.get("record_id")).toList(),
        "deadline within a minute: critical; the older critical goes first");
    ops = rows(dequeue, 10, "2026-01-01 10:02:00.000");
    assertEquals(3, ops.size(), "an expired operation is not sent");
    assertEquals(1, rows(SyncQueries.EXPIRED, "2026-01-01 10:02:00.000").size());
    assertEquals(0, rows(SyncQueries.EXPIRED, at).size());
    // A table.op rule beats the table rule.
    claimAll();
    run(SyncQueries.REQUEUE_IN_FLIGHT);
    exec("DELETE FROM sync_outbox");
    exec("DELETE FROM notes WHERE id = 2");
    assertEquals(3L, rows(dequeue, 10, at).get(0).get("level"));
  }

  @Test
  void expediteOnlyRaises() throws SQLException {
    exec("INSERT INTO notes (title) VALUES ('a')");
    run(SyncQueries.EXPEDITE, "notes", rid("notes", 1), 2, "2026-01-01T10:00:00.000Z");
    run(SyncQueries.EXPEDITE, "notes", rid("notes", 1), 0, null);
    assertEquals(2L, one("SELECT priority FROM sync_outbox"));
    assertEquals("2026-01-01T10:00:00.000Z", one("SELECT deadline_at FROM sync_outbox"));
  }

  @Test
  void aChildIsNeverSentBeforeItsParentsInsert() throws SQLException {
    exec("INSERT INTO categories (name) VALUES ('work')");
    exec("INSERT INTO notes (title, category_id) VALUES ('child', 1)");
    assertEquals("[\"categories:" + rid("categories", 1) + "\"]", outbox().get(1).get("parents"), "the parent by its record id");
    assertEquals(rid("categories", 1), json(outbox().get(1), "category_id"), "the reference travels as the parent's record id");
    Map<String, Integer> childFirst = Map.of("notes", 100);
    assertEquals(List.of("categories"), entities(rows(SyncQueries.dequeue(childFirst), 10)));
    String parentOp = (String) outbox().get(0).get("op_id");
    run(SyncQueries.CLAIM, "[" + outbox().get(0).get("seq") + "]");
    assertEquals(List.of(), entities(rows(SyncQueries.dequeue(childFirst), 10)), "not while the parent is in flight");
    run(SyncQueries.ACK, parentOp);
    assertEquals(List.of("notes"), entities(rows(SyncQueries.dequeue(childFirst), 10)));
  }

  @Test
  void aParentsDeleteWaitsForEarlierChangesOfItsChildren() throws SQLException {
    exec("INSERT INTO categories (name) VALUES ('work')");
    exec("INSERT INTO notes (title, category_id) VALUES ('a', 1)");
    claimAll();
    run(SyncQueries.ACK, outbox().get(0).get("op_id"));
    run(SyncQueries.ACK, outbox().get(0).get("op_id"));
    exec("PRAGMA foreign_keys = ON");
    String parent = rid("categories", 1);
    exec("DELETE FROM categories WHERE id = 1");
    List<Map<String, Object>> ops = outbox();
    assertEquals(List.of("notes:update", "categories:delete"), ops.stream().map(o -> o.get("entity") + ":" + o.get("op")).toList(),
        "ON DELETE SET NULL updates the child first");
    assertEquals("[\"categories:" + parent + "\"]", ops.get(0).get("parents"),
        "the child's old parent counts, named although ON DELETE SET NULL fires after the parent's row is gone");
    assertEquals(parent, one("SELECT json_extract(snapshot, '$.category_id') FROM sync_outbox WHERE entity = 'notes'"));
    assertEquals(0L, one("SELECT count(*) FROM sync_meta WHERE meta_key LIKE 'dying:%'"), "nothing is left behind");
    Map<String, Integer> parentFirst = Map.of("categories", 100);
    assertEquals(List.of("notes"), entities(rows(SyncQueries.dequeue(parentFirst), 10)), "the child's change goes first, whatever the priority");
    run(SyncQueries.ACK, ops.get(0).get("op_id"));
    assertEquals(List.of("categories"), entities(rows(SyncQueries.dequeue(parentFirst), 10)));
  }

  @Test
  void laterOperationsOnARecordWaitForEarlierOnes() throws SQLException {
    exec("INSERT INTO notes (title) VALUES ('a')");
    claimAll();
    exec("UPDATE notes SET title = 'b' WHERE id = 1");
    run(SyncQueries.REQUEUE_IN_FLIGHT);
    List<Map<String, Object>> batch = rows(SyncQueries.dequeue(Map.of()), 10);
    assertEquals(List.of("insert"), batch.stream().map(o -> o.get("op")).toList());
  }

  @Test
  void failingOperationsBecomeDeadLettersAndTheRestGoOn() throws SQLException {
    exec("INSERT INTO notes (title) VALUES ('bad')");
    exec("INSERT INTO categories (name) VALUES ('fine')");
    String bad = (String) outbox().get(0).get("op_id");
    for (int attempt = 1; attempt <= 3; attempt++) {
      claimAll();
      run(SyncQueries.FAIL, bad, "HTTP 500", "{\"error\":\"boom\"}", 0, 3);
      run(SyncQueries.REQUEUE_IN_FLIGHT);
      assertEquals(attempt < 3 ? "failed" : "dead", one("SELECT state FROM sync_outbox WHERE op_id = '" + bad + "'"));
    }
    assertEquals(List.of("categories"), entities(rows(SyncQueries.dequeue(Map.of()), 10)), "the dead letter does not block others");
    List<Map<String, Object>> dead = rows(SyncQueries.DEAD_LETTERS);
    assertEquals(1, dead.size());
    assertEquals("{\"error\":\"boom\"}", dead.get(0).get("server_response"), "the server's last answer is kept");
    assertEquals(1L, rows(SyncQueries.PENDING_COUNT).get(0).get("pending"), "dead letters are not pending");
    run(SyncQueries.RETRY_DEAD, bad);
    assertEquals("pending", one("SELECT state FROM sync_outbox WHERE op_id = '" + bad + "'"));
    assertEquals(0L, one("SELECT attempts FROM sync_outbox WHERE op_id = '" + bad + "'"));
    run(SyncQueries.FAIL, bad, "x", null, 0, 1);
    run(SyncQueries.DISCARD_DEAD, bad);
    assertEquals(1L, one("SELECT count(*) FROM sync_outbox"));
  }

  @Test
  void retriesWaitForTheirBackoff() throws SQLException {
    exec("INSERT INTO notes (title) VALUES ('a')");
    String op = (String) outbox().get(0).get("op_id");
    run(SyncQueries.FAIL, op, "timeout", null, 3600, 5);
    assertEquals(0, rows(SyncQueries.dequeue(Map.of()), 10).size());
    run(SyncQueries.FAIL, op, "timeout", null, -1, 5);
    assertEquals(1, rows(SyncQueries.dequeue(Map.of()), 10).size());
  }

  /** The clock (?2) may come in any text form SQLite reads; the retry time compares as a time. */
  @Test
  void retryTimesCompareAsTimesWhateverTheClocksForm() throws SQLException {
    exec("INSERT INTO notes (title) VALUES ('a')");
    exec("UPDATE sync_outbox SET state = 'failed', next_attempt_at = '2026-01-01T10:00:00.000Z'");
    assertEquals(1, rows(SyncQueries.dequeue(Map.of()), 10, "2026-01-01 10:00:30").size(), "30 s after the retry time");
    assertEquals(0, rows(SyncQueries.dequeue(Map.of()), 10, "2026-01-01T11:59:00.000 +02:00").size(), "a minute before it");
  }

  /** Every time the queue records is drift's UTC text, the one stored date-time format. */
  @Test
  void theQueueRecordsTimesInTheStoredFormat() throws SQLException {
    exec("INSERT INTO notes (title) VALUES ('a')");
    Map<String, Object> op = outbox().get(0);
    claimAll();
    run(SyncQueries.FAIL, op.get("op_id"), "timeout", null, 90, 5);
    run(SyncQueries.RECORD_CONFLICT, op.get("op_id"), "notes", rid("notes", 1), op.get("payload"), "{}", 2);
    run(SyncQueries.CLOSE_CONFLICT, 1, "useServer");
    String pattern = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    Map<String, Object> times = rows("SELECT o.created_at, o.sent_at, o.next_attempt_at, c.created_at AS conflict_at, c.resolved_at"
        + " FROM sync_outbox o, sync_conflicts c").get(0);
    for (var e : times.entrySet()) assertTrue(String.valueOf(e.getValue()).matches(pattern), e.getKey() + " = " + e.getValue());
    assertEquals(90.0, (Double) one("SELECT round((julianday(next_attempt_at) - julianday(sent_at)) * 86400) FROM sync_outbox"), 1.0, "retry after 90 s");
  }

  @Test
  void rejectedOperationsAreDeadAtOnce() throws SQLException {
    exec("INSERT INTO notes (title) VALUES ('a')");
    String op = (String) outbox().get(0).get("op_id");
    run(SyncQueries.REJECT, op, "title too long", "{\"status\":\"rejected\"}");
    assertEquals("dead", one("SELECT state FROM sync_outbox"));
  }

  @Test
  void versionsFeedTheBaseVersionOfTheNextChange() throws SQLException {
    exec("INSERT INTO notes (title) VALUES ('a')");
    String op = (String) outbox().get(0).get("op_id");
    claimAll();
    run(SyncQueries.ACK, op);
    run(SyncQueries.SET_VERSION, "notes", rid("notes", 1), 4);
    exec("UPDATE notes SET title = 'b'");
    assertEquals(4L, one("SELECT base_version FROM sync_outbox"));
  }

  @Test
  void anAcknowledgedVersionRebasesTheChangesStillQueued() throws SQLException {
    exec("INSERT INTO notes (title) VALUES ('a')");
    claimAll();
    exec("UPDATE notes SET title = 'b'");
    assertNull(one("SELECT base_version FROM sync_outbox WHERE op = 'update'"));
    run(SyncQueries.ACK, outbox().get(0).get("op_id"));
    run(SyncQueries.SET_VERSION, "notes", rid("notes", 1), 1);
    run(SyncQueries.ADVANCE_BASE, "notes", rid("notes", 1), 1);
    assertEquals(1L, one("SELECT base_version FROM sync_outbox WHERE op = 'update'"));
  }

  @Test
  void serverChangesWaitForLocalOnesAndApplyWhenNewer() throws SQLException {
    exec("INSERT INTO notes (title) VALUES ('mine')");
    run(SyncQueries.DEFER, "notes", rid("notes", 1), "upsert", "{\"title\":\"theirs\"}", 3);
    run(SyncQueries.DEFER, "notes", rid("notes", 1), "upsert", "{\"title\":\"theirs, later\"}", 4);
    assertEquals(0, rows(SyncQueries.READY_DEFERRED).size(), "not while the local insert is queued");
    run(SyncQueries.ACK, outbox().get(0).get("op_id"));
    run(SyncQueries.SET_VERSION, "notes", rid("notes", 1), 2);
    List<Map<String, Object>> ready = rows(SyncQueries.READY_DEFERRED);
    assertEquals(1, ready.size());
    assertEquals(4L, ready.get(0).get("version"), "the latest server change is kept");
    run(SyncQueries.SET_VERSION, "notes", rid("notes", 1), 4);
    run(SyncQueries.PRUNE_DEFERRED);
    assertEquals(1, rows(SyncQueries.READY_DEFERRED).size(),
        "at the version this device has, too: the server's record there may differ from what the device sent");
    run(SyncQueries.SET_VERSION, "notes", rid("notes", 1), 5);
    assertEquals(0, rows(SyncQueries.READY_DEFERRED).size(), "not when we already have a newer version");
    run(SyncQueries.PRUNE_DEFERRED);
    assertEquals(0L, one("SELECT count(*) FROM sync_deferred"));
  }

  @Test
  void aServerChangeAtTheVersionTheDeviceHasIsAppliedNotPruned() throws SQLException {
    exec("INSERT INTO notes (title) VALUES ('mine')");
    run(SyncQueries.DEFER, "notes", rid("notes", 1), "upsert", "{\"title\":\"mine\",\"body\":\"merged on the server\"}", 2);
    run(SyncQueries.ACK, outbox().get(0).get("op_id"));
    run(SyncQueries.SET_VERSION, "notes", rid("notes", 1), 2);
    List<Map<String, Object>> ready = rows(SyncQueries.READY_DEFERRED);
    assertEquals(1, ready.size(), "the server's record at the version this device has may hold what it lacks");
    assertEquals(2L, ready.get(0).get("version"));
    run(SyncQueries.PRUNE_DEFERRED);
    assertEquals(1L, one("SELECT count(*) FROM sync_deferred"), "not pruned while it waits, e.g. for a parent");
    run(SyncQueries.SET_VERSION, "notes", rid("notes", 1), 3);
    run(SyncQueries.PRUNE_DEFERRED);
    assertEquals(0L, one("SELECT count(*) FROM sync_deferred"), "pruned once this device has a newer version");
  }

  @Test
  void enablingSyncQueuesTheRowsATableAlreadyHolds() throws SQLException {
    try (SqliteSandbox old = SqliteSandbox.with(List.of(SqlSchema.createTable(CATEGORIES)))) {
      old.execute("INSERT INTO categories (name) VALUES ('a'), ('b')");
      old.executeAll(OutboxSql.systemTables());
      old.executeAll(OutboxSql.triggers(SyncedTable.plain(CATEGORIES)));
      old.execute(OutboxSql.backfill(SyncedTable.plain(CATEGORIES)));
      try (var rs = old.connection().createStatement().executeQuery(
          "SELECT group_concat(op || ':' || record_id || ':' || json_extract(payload, '$.name'), ' ') FROM sync_outbox")) {
        rs.next();
        assertEquals("insert:1:a insert:2:b", rs.getString(1), "a table built in this test by hand, without sync_id: its key");
      }
    }
  }

  @Test
  void conflictsAreParkedAndRecorded() throws SQLException {
    exec("INSERT INTO notes (title) VALUES ('a')");
    Map<String, Object> op = outbox().get(0);
    run(SyncQueries.PARK, op.get("op_id"), "{\"status\":\"conflict\"}");
    run(SyncQueries.RECORD_CONFLICT, op.get("op_id"), "notes", rid("notes", 1), op.get("payload"), "{\"id\":1,\"title\":\"server\"}", 9);
    assertEquals(1, rows(SyncQueries.OPEN_CONFLICTS).size());
    assertEquals(0, rows(SyncQueries.dequeue(Map.of()), 10).size(), "a parked operation is not sent");
    run(SyncQueries.REBASE, op.get("op_id"), 9, null);
    assertEquals(9L, one("SELECT base_version FROM sync_outbox"));
    assertEquals(1, rows(SyncQueries.dequeue(Map.of()), 10).size());
    run(SyncQueries.CLOSE_CONFLICT, 1, "useLocal");
    assertEquals(0, rows(SyncQueries.OPEN_CONFLICTS).size());
  }

  /**
   * A merge that gave the server a field whose strategy says the server wins keeps the local change
   * in sync_conflicts, resolved, only when that field changed here and the server holds another value.
   */
  @Test
  void aMergeKeepsTheLocalValuesItDroppedAsAResolvedConflict() throws SQLException {
    String local = "{\"title\":\"mine\",\"pinned\":true}";
    String before = "{\"title\":\"old\",\"pinned\":false}";
    String pinnedOnly = "[\"pinned\"]";
    run(SyncQueries.RECORD_MERGE_LOSS, "op-1", "notes", "r1", local, "{\"title\":\"theirs\",\"pinned\":false}", 4, before, pinnedOnly);
    run(SyncQueries.RECORD_MERGE_LOSS, "op-2", "notes", "r1", local, "{\"title\":\"theirs\",\"pinned\":true}", 4, before, pinnedOnly);
    run(SyncQueries.RECORD_MERGE_LOSS, "op-3", "notes", "r1", local, "{\"title\":\"theirs\",\"pinned\":false}", 4,
        "{\"title\":\"old\",\"pinned\":true}", pinnedOnly);
    run(SyncQueries.RECORD_MERGE_LOSS, "op-4", "notes", "r1", local, "{\"title\":\"theirs\"}", 4, before, pinnedOnly);
    run(SyncQueries.RECORD_MERGE_LOSS, "op-5", "notes", "r1", local, "{\"title\":\"theirs\",\"pinned\":false}", 4, null, pinnedOnly);
    assertEquals(List.of(Map.of("op_id", "op-1", "resolution", "merge", "server_version", 4L, "open", 0L),
            Map.of("op_id", "op-5", "resolution", "merge", "server_version", 4L, "open", 0L)),
        rows("SELECT op_id, resolution, server_version, resolved_at IS NULL AS open FROM sync_conflicts ORDER BY id"),
        "kept: pinned changed here and the server's differs (op-1), and an insert, which changed every field (op-5); not kept:"
            + " the server has the local value (op-2), pinned did not change here (op-3), the server's record lacks it (op-4)");
    assertEquals(List.of(), rows(SyncQueries.OPEN_CONFLICTS), "nothing for the app to settle");
  }

  /**
   * A pulled record and a row here with the same value of a unique column: the smaller record id
   * wins. The losing row is kept in sync_conflicts and, deleted outside the guard, leaves nothing
   * to send when its insert was never sent.
   */
  @Test
  void aUniqueValueGoesToTheSmallerRecordId() throws Exception {
    Table labels = new Table("labels", List.of(
        new Column("id", ColumnType.INTEGER, false, true, true, false, null, null),
        new Column("name", ColumnType.TEXT, false, false, false, true, null, null)), false, false, List.of());
    SyncedTable t = Schemas.synced(Schemas.syncing(Schemas.manifest(labels), "labels"), "labels");
    try (SqliteSandbox own = SqliteSandbox.with(Schemas.freshInstall(Schemas.syncing(Schemas.manifest(labels), "labels")))) {
      Connection l = own.connection();
      own.execute("INSERT INTO labels (name) VALUES ('home')");
      String home = "{\"name\":\"home\"}";
      String smaller = "00000000-0000-4000-8000-000000000000";
      String larger = "ffffffff-ffff-4fff-bfff-ffffffffffff";
      assertEquals(1L, first(l, SyncQueries.uniqueLoses(t), home, larger), "a larger record id loses to the row here");
      assertEquals(0L, first(l, SyncQueries.uniqueLoses(t), home, smaller), "a smaller one wins");
      assertEquals(0L, first(l, SyncQueries.uniqueLoses(t), "{\"name\":\"work\"}", larger), "another value has no rival");
      try (PreparedStatement ps = l.prepareStatement(SyncQueries.keepUniqueRivals(t))) {
        ps.setString(1, home);
        ps.setString(2, smaller);
        ps.setLong(3, 3);
        assertEquals(1, ps.executeUpdate());
      }
      assertEquals("unique: name|home|3|1", first(l, "SELECT resolution || '|' || json_extract(local_payload, '$.name') || '|'"
          + " || server_version || '|' || (resolved_at IS NOT NULL) FROM sync_conflicts"));
      try (PreparedStatement ps = l.prepareStatement(SyncQueries.yieldUnique(t))) {
        ps.setString(1, home);
        ps.setString(2, smaller);
        assertEquals(1, ps.executeUpdate());
      }
      assertEquals(0L, first(l, "SELECT count(*) FROM labels"));
      assertEquals(0L, first(l, "SELECT count(*) FROM sync_outbox"), "its insert was never sent: nothing to send");
    }
  }

  static Object first(Connection on, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = on.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return normalize(rs.getObject(1));
      }
    }
  }

  @Test
  void metaAndTimestampsQueries() throws SQLException {
    run(SyncQueries.WRITE_META, "cursor", "abc");
    run(SyncQueries.WRITE_META, "cursor", "def");
    assertEquals("def", rows(SyncQueries.READ_META, "cursor").get(0).get("meta_value"));
    assertEquals(1L, rows(SyncQueries.IS_LATER, "2026-01-02T00:00:00Z", "2026-01-01 23:59:59").get(0).get("later"));
    assertEquals(0L, rows(SyncQueries.IS_LATER, "2026-01-01 00:00:00", "2026-01-01T00:00:01.000Z").get(0).get("later"));
    assertEquals(0L, rows(SyncQueries.HAS_LOCAL_CHANGES, "notes", "no-such-record").get(0).get("n"));
    exec("INSERT INTO notes (title) VALUES ('a')");
    assertEquals(1L, rows(SyncQueries.HAS_LOCAL_CHANGES, "notes", rid("notes", 1)).get(0).get("n"));
  }

  @Test
  void addingAColumnToASyncedTableRecreatesItsTriggers() throws Exception {
    Manifest empty = Schemas.manifest();
    Manifest v1 = Schemas.record(empty, Schemas.manifest(CATEGORIES), "add categories");
    Manifest v2 = Schemas.record(v1, Schemas.syncing(v1, "categories"), "enable sync");
    Column color = new Column("color", ColumnType.TEXT, true, false, false, false, null, null);
    Table after = CATEGORIES.withColumns(List.of(CATEGORIES.columns().get(0), CATEGORIES.columns().get(1), color));
    Manifest v3 = Schemas.record(v2, v2.withSchema(v2.schema().withTables(List.of(after))), "add color");
    Schemas.steps().verify(v3);
    try (SqliteSandbox upgraded = SqliteSandbox.with(Migrations.replay(v3.schema(), v3.schema().version()))) {
      upgraded.execute("INSERT INTO categories (name, color) VALUES ('x', 'red')");
      try (var rs = upgraded.connection().createStatement().executeQuery("SELECT json_extract(payload, '$.color') FROM sync_outbox")) {
        assertTrue(rs.next());
        assertEquals("red", rs.getString(1));
      }
    }
  }


  // --- helpers ---

  /** What the engine's _writeRecord does: update by record id, insert when no row matched. Returns 1 for an insert. */
  int applyRemote(Table t, String json, String recordId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SyncQueries.update(SyncedTable.plain(t)))) {
      ps.setString(1, json);
      ps.setString(2, recordId);
      if (ps.executeUpdate() > 0) return 0;
    }
    run(SyncQueries.insert(SyncedTable.plain(t)), json, recordId);
    return 1;
  }

  void exec(String sql) throws SQLException {
    db.execute(sql);
  }

  void claimAll() throws SQLException {
    run(SyncQueries.CLAIM, one("SELECT json_group_array(seq) FROM sync_outbox WHERE state IN ('pending', 'failed')"));
  }

  void run(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      ps.execute();
    }
  }

  List<Map<String, Object>> rows(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      try (ResultSet rs = ps.executeQuery()) {
        List<Map<String, Object>> out = new ArrayList<>();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) row.put(rs.getMetaData().getColumnLabel(i), normalize(rs.getObject(i)));
          out.add(row);
        }
        return out;
      }
    }
  }

  /** sqlite-jdbc returns Integer or Long depending on size; tests compare longs. */
  static Object normalize(Object v) {
    return v instanceof Integer i ? Long.valueOf(i) : v;
  }

  /** The record id (sync_id) of row {@code id} of {@code table}. */
  String rid(String table, long id) throws SQLException {
    return (String) one("SELECT sync_id FROM " + table + " WHERE id = " + id);
  }

  Object one(String sql) throws SQLException {
    return rows(sql).get(0).values().iterator().next();
  }

  List<Map<String, Object>> outbox() throws SQLException {
    return rows("SELECT * FROM sync_outbox ORDER BY seq");
  }

  Object json(Map<String, Object> op, String key) throws SQLException {
    return rows("SELECT json_extract(?1, '$." + key + "')", op.get("payload")).get(0).values().iterator().next();
  }

  static List<Object> entities(List<Map<String, Object>> ops) {
    return ops.stream().map(o -> o.get("entity")).toList();
  }
}
