package dev.driftsmith.feature.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.render.DartCode;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.syncserver.JsonLog;
import dev.driftsmith.syncserver.ServerLimits;
import dev.driftsmith.syncserver.SyncServer;
import dev.driftsmith.syncserver.auth.TokenFile;
import dev.driftsmith.syncserver.store.JdbcSyncStore;
import dev.driftsmith.syncserver.store.StorageUrl;
import dev.driftsmith.testing.Schemas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conflicts between devices of the demo project that a strategy settles by dropping one side: the
 * dropped local value must be kept in sync_conflicts, and the devices must converge. Each test runs
 * devices of the generated SQL (through {@link EngineTwin}) against the reference server over HTTP.
 */
class ConflictsAcrossDevicesTest {
  static final int USERS = 40;

  @TempDir
  static Path dir;

  static Manifest manifest;
  static DatabaseSchema schema;
  static EngineTwin.Sql sql;
  static EngineTwin.Rules rules;
  static Path template;
  static SyncServer server;
  static final Set<String> ran = Collections.synchronizedSet(new HashSet<>());
  static int nextUser;
  final List<Device> opened = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    manifest = ManifestIo.parse(Files.readString(Path.of("src/test/resources/golden/demo/driftsmith.yaml")));
    schema = Schemas.of(manifest);
    sql = EngineTwin.Sql.of(manifest, schema);
    rules = EngineTwin.Rules.of(manifest);
    template = Device.template(schema, dir.resolve("template.sqlite"));
    server = referenceServer(dir, USERS);
  }

  /** The reference server on 127.0.0.1, storing in {@code dir}, quiet, with {@code users} users (tokens of ConvergenceTest.token). */
  static SyncServer referenceServer(Path dir, int users) throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < users; i++) lines.append("u").append(i).append(' ').append(ConvergenceTest.token(i)).append('\n');
    Path tokens = Files.writeString(dir.resolve("tokens.txt"), lines.toString());
    SyncServer.Options options = new SyncServer.Options("127.0.0.1", 0, "/sync", ServerLimits.DEFAULTS, Set.of());
    JsonLog quiet = new JsonLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    return SyncServer.start(options, JdbcSyncStore.open(StorageUrl.parse(dir.resolve("sync.sqlite").toString()), 2),
        TokenFile.read(tokens), quiet);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  @AfterEach
  void closeDevices() throws Exception {
    for (Device d : opened) d.close();
  }

  /** Devices on a server user of their own, so each test starts from an empty server. */
  List<Device> devices(int count) throws Exception {
    return devices(count, rules);
  }

  List<Device> devices(int count, EngineTwin.Rules with) throws Exception {
    int user = nextUser++;
    List<Device> out = new ArrayList<>();
    for (int d = 0; d < count; d++) {
      out.add(Device.open("d" + d, user, template, manifest, schema, sql, with, server::baseUrl, ConvergenceTest.token(user), ran));
    }
    opened.addAll(out);
    return out;
  }

  /** Everyone syncs until nothing is queued; then every device holds the server's rows and nothing waits. */
  static void converged(List<Device> devices) throws Exception {
    for (int round = 0; round < 4; round++) for (Device d : devices) assertTrue(d.engine.sync(), d + " reaches the server");
    Map<String, Map<String, Map<String, Object>>> onServer = ConvergenceTest.serverState(server.baseUrl(), devices.get(0).user, sql.update().keySet());
    for (Device d : devices) {
      assertEquals(List.of(), d.rows("SELECT entity, record_id, op, state FROM sync_outbox"), d + ": nothing queued");
      assertEquals(List.of(), d.rows("SELECT entity, record_id FROM sync_deferred"), d + ": nothing deferred");
      assertEquals(onServer, d.state(), d + " holds the server's rows");
      assertEquals(List.of(), d.engine.remoteErrors, d + ": pulled changes that could not be stored");
    }
  }

  /** The first device writes a note ('milk', not pinned); both devices sync, so both hold it. */
  static void aNoteOnBoth(List<Device> d) throws Exception {
    d.get(0).exec("INSERT INTO notes (title, pinned) VALUES ('milk', 0)");
    assertTrue(d.get(0).engine.sync());
    assertTrue(d.get(1).engine.sync());
  }

  static final String NEXT_CLOCK = "version = json_set(version, '$.\"' || (SELECT meta_value FROM sync_meta WHERE meta_key = 'node_id') || '\"', "
      + "coalesce(json_extract(version, '$.\"' || (SELECT meta_value FROM sync_meta WHERE meta_key = 'node_id') || '\"'), 0) + 1)";

  /** The conflicts a device keeps for notes whose local side pinned the note and whose server side did not. */
  static long pinLostToTheServer(Device d) throws Exception {
    return d.count("SELECT count(*) FROM sync_conflicts WHERE entity = 'notes' AND json_extract(local_payload, '$.pinned') = 1"
        + " AND json_extract(server_payload, '$.pinned') = 0 AND resolved_at IS NOT NULL AND resolution = 'merge'");
  }

  /**
   * notes merge, with notes.pinned: serverWins. A device pins a note while another retitles it; the
   * pin's push conflicts, the merge takes the server's pinned, and the pin must be kept in
   * sync_conflicts (it was dropped with no trace).
   */
  @Test
  void aPinThatLosesAPushMergeIsKeptAsAConflict() throws Exception {
    List<Device> d = devices(2);
    aNoteOnBoth(d);
    d.get(0).exec("UPDATE notes SET title = 'oat milk', " + NEXT_CLOCK);
    assertTrue(d.get(0).engine.sync());
    d.get(1).exec("UPDATE notes SET pinned = 1, " + NEXT_CLOCK);
    assertTrue(d.get(1).engine.pushOnly());
    assertEquals(1, pinLostToTheServer(d.get(1)), "the pin the merge dropped, with the server's record");
    converged(d);
    assertEquals(1, d.get(1).count("SELECT count(*) FROM notes WHERE pinned = 0 AND title = 'oat milk'"), "the server won pinned");
  }

  /**
   * The same rule on the pull: a pulled note (a partial-sync delta) replaces the unsent local pin,
   * since pinned is serverWins, and takes it out of the queue; the pin must be kept in sync_conflicts.
   */
  @Test
  void aPinThatLosesAPulledDeltaIsKeptAsAConflict() throws Exception {
    List<Device> d = devices(2);
    aNoteOnBoth(d);
    d.get(0).exec("UPDATE notes SET title = 'oat milk', " + NEXT_CLOCK);
    assertTrue(d.get(0).engine.sync());
    d.get(1).exec("UPDATE notes SET pinned = 1, " + NEXT_CLOCK);
    assertTrue(d.get(1).engine.pullOnly());
    assertEquals(0, d.get(1).count("SELECT pinned FROM notes"), "the server's pinned replaced the local one");
    assertEquals(1, pinLostToTheServer(d.get(1)), "the pin the delta replaced, with the server's record");
    converged(d);
  }

  /** The only conflict of device {@code d}, settled by the app with {@code choice}. */
  static void settleTheConflict(Device d, EngineTwin.Choice choice) throws Exception {
    List<EngineTwin.Conflict> open = d.engine.openConflicts();
    assertEquals(1, open.size(), d + ": one conflict waits for the app");
    d.engine.resolveConflict(open.get(0).id(), choice, null);
  }

  /**
   * Seed 40261205 of the scenarios of every strategy (notes manual): a device kept its change of a
   * note's body over another device's new title. The change, a partial-sync delta, went again and
   * the server patched it onto its record, with the new title; the device kept its old title, and
   * the server's record at that version never came back to it. Keeping the local change now takes
   * the server's other fields into the row.
   */
  @Test
  void keepingALocalDeltaTakesTheServersOtherFields() throws Exception {
    List<Device> d = devices(2, rules.withTableStrategies(Map.of("notes", "manual")));
    aNoteOnBoth(d);
    d.get(0).exec("UPDATE notes SET title = 'oat milk', " + NEXT_CLOCK);
    assertTrue(d.get(0).engine.sync());
    d.get(1).exec("UPDATE notes SET body = 'two litres'");
    assertTrue(d.get(1).engine.sync());
    settleTheConflict(d.get(1), EngineTwin.Choice.keepLocal);
    converged(d);
    for (Device device : d) {
      assertEquals(1, device.count("SELECT count(*) FROM notes WHERE title = 'oat milk' AND body = 'two litres'"), device + ": both changes");
    }
  }

  /**
   * Keeping a local change of a note another device deleted: an update of a deleted record is a
   * conflict again at every push, so the app's choice never took effect and the conflict came back
   * forever. The change now goes again as an insert of the whole row, and the note comes back.
   */
  @Test
  void keepingALocalChangeOfARecordDeletedElsewhereBringsItBack() throws Exception {
    List<Device> d = devices(2, rules.withTableStrategies(Map.of("notes", "manual")));
    aNoteOnBoth(d);
    d.get(0).exec("DELETE FROM notes");
    assertTrue(d.get(0).engine.sync());
    d.get(1).exec("UPDATE notes SET body = 'two litres'");
    assertTrue(d.get(1).engine.sync());
    settleTheConflict(d.get(1), EngineTwin.Choice.keepLocal);
    assertTrue(d.get(1).engine.sync());
    assertEquals(List.of(), d.get(1).engine.openConflicts(), "the kept change reached the server");
    converged(d);
    for (Device device : d) {
      assertEquals(1, device.count("SELECT count(*) FROM notes WHERE title = 'milk' AND body = 'two litres'"), device + ": the note is back");
    }
  }

  /**
   * categories.name and tags.label are unique. Two devices name a category (a partial-sync table)
   * and a tag alike while offline and file a note under their category: both reach the server,
   * which does not know the constraint, and each device's pull then broke on it. The record with the
   * smaller record id wins everywhere; the other is kept in sync_conflicts on the device that made
   * it ({@code unique: name}), and deleted there as its own change, so the server drops it too and
   * the note filed under it follows its ON DELETE action (unfiled).
   */
  @Test
  void twoDevicesThatNameACategoryAndATagAlikeEndWithOneOfEach() throws Exception {
    List<Device> d = devices(3);
    for (int i = 0; i < 2; i++) {
      d.get(i).exec("INSERT INTO categories (name, color) VALUES ('home', ?)", "#" + i);
      d.get(i).exec("INSERT INTO tags (label) VALUES ('red')");
      d.get(i).exec("INSERT INTO notes (title, pinned, category_id) VALUES (?, 0, 1)", "note " + i);
    }
    for (Device device : d) assertTrue(device.engine.sync(), device + " syncs");
    converged(d);
    String kept = (String) d.get(2).rows("SELECT color FROM categories").get(0).get("color");
    for (Device device : d) {
      assertEquals(1, device.count("SELECT count(*) FROM categories WHERE name = 'home'"), device + ": one home");
      assertEquals(1, device.count("SELECT count(*) FROM tags WHERE label = 'red'"), device + ": one red");
      assertEquals(2, device.count("SELECT count(*) FROM notes"), device + ": both notes");
      assertEquals(1, device.count("SELECT count(*) FROM notes WHERE category_id IS NOT NULL"), device + ": the winner's note stays filed");
    }
    int loser = kept.equals("#0") ? 1 : 0;
    assertEquals(1, d.get(loser).count("SELECT count(*) FROM sync_conflicts WHERE entity = 'categories' AND resolution = 'unique: name'"
        + " AND json_extract(local_payload, '$.color') = '#" + loser + "' AND json_extract(server_payload, '$.color') = '" + kept + "'"
        + " AND resolved_at IS NOT NULL"), "the device whose category lost keeps it, next to the winner");
    long tagsKept = 0;
    for (int i = 0; i < 2; i++) {
      tagsKept += d.get(i).count("SELECT count(*) FROM sync_conflicts WHERE entity = 'tags' AND resolution = 'unique: label'"
          + " AND json_extract(local_payload, '$.label') = 'red' AND resolved_at IS NOT NULL");
    }
    assertEquals(1, tagsKept, "the device whose tag lost keeps it");
  }

  /**
   * A pulled category (a partial-sync delta) for a record this device deleted and has not pushed
   * yet waits for the delete to settle, so it is stored nowhere for now. Its name, though, is the
   * one the user has just given another category here: that category was copied to sync_conflicts
   * and deleted as the user's change before the engine found the delta would wait, and was lost.
   * A delta that waits yields nothing.
   */
  @Test
  void aDeltaThatWaitsForALocalDeleteTakesNoNameFromAnotherCategory() throws Exception {
    List<Device> d = devices(2);
    d.get(0).exec("INSERT INTO categories (name) VALUES ('Work'), ('Home')");
    assertTrue(d.get(0).engine.sync());
    assertTrue(d.get(1).engine.sync());
    List<Map<String, Object>> ids = d.get(0).rows("SELECT sync_id FROM categories ORDER BY sync_id");
    // The record with the smaller record id wins a unique name, so the pulled one would win.
    String winner = (String) ids.get(0).get("sync_id");
    String users = (String) ids.get(1).get("sync_id");
    d.get(1).exec("UPDATE categories SET name = 'Work2' WHERE sync_id = ?", winner);
    assertTrue(d.get(1).engine.sync());
    d.get(0).exec("DELETE FROM categories WHERE sync_id = ?", winner);
    d.get(0).exec("UPDATE categories SET name = 'Work2' WHERE sync_id = ?", users);

    assertTrue(d.get(0).engine.pullOnly());

    assertEquals(List.of(Map.of("sync_id", users, "name", "Work2")), d.get(0).rows("SELECT sync_id, name FROM categories"),
        "the user's renamed category stays");
    assertEquals(List.of(Map.of("record_id", winner, "op", "delete")),
        d.get(0).rows("SELECT record_id, op FROM sync_outbox WHERE entity = 'categories' AND op = 'delete'"),
        "only the user's own delete is queued");
    assertEquals(0, d.get(0).count("SELECT count(*) FROM sync_conflicts WHERE resolution LIKE 'unique:%'"), "nothing yielded");
    assertEquals(List.of(Map.of("record_id", winner)), d.get(0).rows("SELECT record_id FROM sync_deferred"), "the delta waits");
    converged(d);
  }

  /**
   * A pulled category wins a name here (its record id is the smaller) but cannot be stored: the
   * server's delta sets color, a NOT NULL column, to null. The category that held the name must
   * stay, neither deleted nor queued for deletion, and the failed change is reported.
   */
  @Test
  void aPulledCategoryThatCannotBeStoredTakesNoNameFromAnother() throws Exception {
    List<Device> d = devices(2);
    d.get(0).exec("INSERT INTO categories (name) VALUES ('Work'), ('Home')");
    assertTrue(d.get(0).engine.sync());
    assertTrue(d.get(1).engine.sync());
    List<Map<String, Object>> ids = d.get(0).rows("SELECT sync_id, name FROM categories ORDER BY sync_id");
    String winner = (String) ids.get(0).get("sync_id");
    String rival = (String) ids.get(1).get("sync_id");
    String rivalsName = (String) ids.get(1).get("name");
    // The first device sends a delta no device can store: the rival's name, and a null color.
    d.get(0).exec("UPDATE categories SET color = '#000000' WHERE sync_id = ?", winner);
    d.get(0).exec("UPDATE sync_outbox SET payload = json_object('name', ?, 'color', json('null')) WHERE record_id = ?", rivalsName, winner);
    assertTrue(d.get(0).engine.pushOnly());

    assertTrue(d.get(1).engine.pullOnly());

    assertEquals(1, d.get(1).engine.remoteErrors.size(), "the change that failed is reported: " + d.get(1).engine.remoteErrors);
    assertTrue(d.get(1).engine.remoteErrors.get(0).startsWith("categories/" + winner + ": "), d.get(1).engine.remoteErrors.toString());
    assertEquals(List.of(Map.of("sync_id", winner, "name", ids.get(0).get("name")), Map.of("sync_id", rival, "name", rivalsName)),
        d.get(1).rows("SELECT sync_id, name FROM categories ORDER BY sync_id"), "both categories stay as they were");
    assertEquals(List.of(), d.get(1).rows("SELECT record_id, op FROM sync_outbox"), "nothing queued: the rival was not deleted");
    assertEquals(0, d.get(1).count("SELECT count(*) FROM sync_conflicts"), "nothing yielded");
  }

  /** Every statement these devices ran is, as a Dart string, in the demo's sync_sql.dart. */
  @Test
  void theDevicesRunTheStatementsOfSyncSqlDart() throws Exception {
    aPinThatLosesAPushMergeIsKeptAsAConflict();
    aPinThatLosesAPulledDeltaIsKeptAsAConflict();
    keepingALocalDeltaTakesTheServersOtherFields();
    keepingALocalChangeOfARecordDeletedElsewhereBringsItBack();
    twoDevicesThatNameACategoryAndATagAlikeEndWithOneOfEach();
    aDeltaThatWaitsForALocalDeleteTakesNoNameFromAnotherCategory();
    aPulledCategoryThatCannotBeStoredTakesNoNameFromAnother();
    String rendered = Files.readString(Path.of("src/test/resources/golden/demo/lib/data/sync/sync_sql.dart"));
    List<String> missing = new ArrayList<>();
    synchronized (ran) {
      for (String statement : ran) if (!rendered.contains(DartCode.string(statement))) missing.add(statement);
    }
    assertEquals(List.of(), missing, "statements the twin ran that sync_sql.dart does not hold");
  }
}
