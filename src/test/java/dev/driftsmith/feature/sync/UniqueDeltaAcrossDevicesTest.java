package dev.driftsmith.feature.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.render.DartCode;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.syncserver.SyncServer;
import dev.driftsmith.testing.Schemas;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A unique column under partial sync whose local change wins (client-wins, or merge without a
 * server-wins rule for it): a pulled delta that carries a value for it does not store that value
 * where the field is dirty here, so it must neither take the value from another row here nor wait
 * for one. Devices of a project built with the tools, through {@link EngineTwin}, against the
 * reference server over HTTP.
 */
class UniqueDeltaAcrossDevicesTest {
  // Record ids are the server's across users: each test's own label ends in its user's number.
  static final String SMALLEST = "00000000-0000-4000-8000-0000000000";
  static final String LARGEST = "ffffffff-ffff-4fff-bfff-ffffffffff";
  static final int USERS = 8;

  static Path dir;
  static SyncServer server;
  static int nextUser;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("unique-delta");
    server = ConflictsAcrossDevicesTest.referenceServer(dir, USERS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
    TestEnv.deleteRecursively(dir);
  }

  /** A project with one table, labels (name unique, color), under partial sync settled by {@code resolution}; its root. */
  static Path labels(String resolution, String tracking) throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(Files.createTempDirectory(dir, resolution).resolve("p"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"labels\", \"columns\": [{\"name\": \"name\", \"type\": \"text\","
        + " \"unique\": true}, {\"name\": \"color\", \"type\": \"text\", \"nullable\": true}]}");
    env.call("drift_enable_partial_sync", "{\"projectId\": \"p\", \"tables\": [\"labels\"], \"trackingStrategy\": \"" + tracking + "\","
        + " \"conflictResolution\": \"" + resolution + "\"}");
    return root;
  }

  /**
   * The first device renames a label to "Home" and pushes. The second, before it pulls, renames the
   * same label to "Mine" (its change wins) and adds a label "Home" of its own, whose record id is the
   * largest (the pulled record would win the name and delete it) or the smallest (the pulled record
   * would lose the name and wait). Neither: "Home" is not what the pulled change stores here.
   */
  @ParameterizedTest
  @CsvSource({"client-wins, field-level, " + LARGEST, "client-wins, column-bitmap, " + SMALLEST,
      "merge, column-bitmap, " + LARGEST, "merge, field-level, " + SMALLEST})
  void aDeltaWhoseUniqueValueTheLocalChangeOverridesTakesNothingAndWaitsForNothing(String resolution, String tracking, String ownIdPrefix)
      throws Exception {
    Path root = labels(resolution, tracking);
    Manifest m = ManifestFiles.manifest(root);
    DatabaseSchema schema = Schemas.of(m);
    EngineTwin.Sql sql = EngineTwin.Sql.of(m, schema);
    assertTrue(sql.deltaUniqueLoses().containsKey("labels"), "the local change of labels.name can win under " + resolution);
    Path template = Device.template(schema, Files.createTempDirectory(dir, "db").resolve("template.sqlite"));
    int user = nextUser++;
    String ownId = ownIdPrefix + String.format("%02d", user);
    List<Device> d = new ArrayList<>();
    Set<String> ran = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      d.add(Device.open("d" + i, user, template, m, schema, sql, EngineTwin.Rules.of(m), server::baseUrl, ConvergenceTest.token(user), ran));
    }
    try {
      d.get(0).exec("INSERT INTO labels (name) VALUES ('Work')");
      assertTrue(d.get(0).engine.sync());
      assertTrue(d.get(1).engine.sync());
      String shared = (String) d.get(0).rows("SELECT sync_id FROM labels").get(0).get("sync_id");
      d.get(0).exec("UPDATE labels SET name = 'Home' WHERE sync_id = ?", shared);
      assertTrue(d.get(0).engine.pushOnly());
      d.get(1).exec("UPDATE labels SET name = 'Mine' WHERE sync_id = ?", shared);
      d.get(1).exec("INSERT INTO labels (sync_id, name, color) VALUES (?, 'Home', 'red')", ownId);

      assertTrue(d.get(1).engine.pullOnly());

      Device second = d.get(1);
      assertEquals(List.of(), second.engine.remoteErrors, "every pulled change applies");
      assertEquals(Set.of(Map.of("sync_id", shared, "name", "Mine"), Map.of("sync_id", ownId, "name", "Home")),
          Set.copyOf(second.rows("SELECT sync_id, name FROM labels")), "the local rename stands and the label added here stays");
      assertEquals(0, second.count("SELECT count(*) FROM sync_conflicts"), "nothing yielded");
      assertEquals(0, second.count("SELECT count(*) FROM sync_deferred"), "nothing waits");
      assertEquals(0, second.count("SELECT count(*) FROM sync_outbox WHERE op = 'delete'"), "no delete queued");

      for (int round = 0; round < 3; round++) for (Device device : d) assertTrue(device.engine.sync());
      Map<String, Map<String, Map<String, Object>>> onServer = ConvergenceTest.serverState(server.baseUrl(), user, Set.of("labels"));
      assertEquals(2, onServer.get("labels").size(), "both labels reach the server: " + onServer);
      for (Device device : d) assertEquals(onServer, device.state(), device + " holds the server's rows");
      String rendered = TestEnv.read(root, "lib/data/sync/sync_sql.dart");
      List<String> missing = ran.stream().filter(statement -> !rendered.contains(DartCode.string(statement))).toList();
      assertEquals(List.of(), missing, "statements the twin ran that this project's sync_sql.dart does not hold");
      assertTrue(ran.contains(sql.deltaYieldUnique().get("labels")), "the delta's own unique statements ran");
    } finally {
      for (Device device : d) device.close();
    }
  }
}
