package dev.driftsmith.e2e;

import static dev.driftsmith.e2e.RawStdio.JSON;
import static dev.driftsmith.e2e.RawStdio.request;
import static dev.driftsmith.e2e.RawStdio.toolCall;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.driftsmith.testing.TestEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A new server process starts from the database of the proven history that an earlier process
 * stored in the project, and proves its first step on it; a damaged file is ignored. The evidence
 * is the stored file itself: a process that had to replay the history from nothing stores the
 * database of the history it saved, so a file left byte for byte as it was means the process found
 * it and did not replay.
 */
class StoredReplayIT {
  private static final String REPLAY = ".dart_tool/driftsmith/replay";

  @TempDir
  Path tmp;

  @Test
  void aNewServerProvesItsFirstStepOnTheStoredDatabaseAndIgnoresADamagedOne() throws Exception {
    Path intact = tmp.resolve("intact");
    assertEquals(0, E2e.run(Files.createDirectories(tmp.resolve("demo-home")), "demo", intact.toString()).exitCode());
    // The demo stored the database of its first step; a new server's first write runs the steps it lacks and,
    // that many steps behind, stores the database again.
    addTableInANewServer(intact, "prepare", "prepared");
    int steps = migrations(intact);
    assertEquals(steps, storedSteps(intact), "the first write call stored the database of the history it saved");
    Path damaged = TestEnv.copyTree(intact, tmp.resolve("damaged"));
    byte[] stored = Files.readAllBytes(intact.resolve(REPLAY));
    byte[] flipped = stored.clone();
    flipped[flipped.length - 5000] ^= 0x5a;
    Files.write(damaged.resolve(REPLAY), flipped);

    addTableInANewServer(intact, "intact");
    addTableInANewServer(damaged, "damaged");

    assertArrayEquals(stored, Files.readAllBytes(intact.resolve(REPLAY)),
        "the new server found the stored database: it ran one step and had nothing to store");
    assertEquals(steps + 1, storedSteps(damaged), "the damaged file was ignored: the server replayed in full and stored anew");
    assertEquals(E2e.snapshot(intact.resolve("lib")).keySet(), E2e.snapshot(damaged.resolve("lib")).keySet());
    E2e.assertSameFiles(withoutCaches(intact), withoutCaches(damaged), "the same call with an intact and a damaged stored database");

    // A fresh clone (no caches at all): its generate is proven by the record of the last step, which names its
    // fresh install, so no database is opened. The demo's history holds a hand-written step, which only a replay
    // proves (a fresh install never stands in for it): the first write replays the history and stores it.
    Path clone = TestEnv.copyTree(intact, tmp.resolve("clone"));
    deleteCaches(clone);
    E2e.Result generated = E2e.run(tmp.resolve("demo-home"), "generate", clone.toString());
    assertEquals(0, generated.exitCode(), generated::describe);
    assertFalse(Files.exists(clone.resolve(REPLAY)), "a generate proven by the record stored a database");
    addTableInANewServer(clone, "clone", "clone_first");
    assertEquals(migrations(clone), storedSteps(clone), "the first write on the clone stored the history it replayed");
  }

  @Test
  void aDryRunInANewServerStoresNothing() throws Exception {
    Path dir = tmp.resolve("dry");
    assertEquals(0, E2e.run(Files.createDirectories(tmp.resolve("demo-home")), "demo", dir.toString()).exitCode());
    Files.delete(dir.resolve(REPLAY));
    try (RawStdio server = serverOn(dir, "dry")) {
      JsonNode answer = addTable(server, dir, "first_call", "\"dryRun\": true");
      assertFalse(answer.path("result").path("isError").asBoolean(), answer::toString);
      server.closeAndAssertExit();
    }
    assertFalse(Files.exists(dir.resolve(REPLAY)), "a dry run replayed the history and stored nothing");
  }

  private void addTableInANewServer(Path dir, String name) throws Exception {
    addTableInANewServer(dir, name, "first_call");
  }

  private void addTableInANewServer(Path dir, String name, String table) throws Exception {
    try (RawStdio server = serverOn(dir, name)) {
      JsonNode answer = addTable(server, dir, table, null);
      assertFalse(answer.path("result").path("isError").asBoolean(), answer::toString);
      server.closeAndAssertExit();
    }
  }

  /** A server whose registry knows {@code dir} under its own id. */
  private RawStdio serverOn(Path dir, String name) throws Exception {
    Path serverTmp = Files.createDirectories(tmp.resolve("server-" + name));
    Files.createDirectories(serverTmp.resolve("home"));
    Files.writeString(serverTmp.resolve("home/projects.yaml"), projectId(dir) + ": \"" + dir + "\"\n");
    RawStdio server = RawStdio.start(serverTmp, Map.of());
    server.initialize();
    return server;
  }

  private static JsonNode addTable(RawStdio server, Path dir, String table, String extra) throws Exception {
    String arguments = "{\"projectId\": \"" + projectId(dir) + "\", \"name\": \"" + table + "\", "
        + "\"columns\": [{\"name\": \"title\", \"type\": \"text\"}]" + (extra == null ? "" : ", " + extra) + "}";
    server.send(request(2, "tools/call", toolCall("drift_add_table", (ObjectNode) JSON.readTree(arguments))));
    return server.response("2");
  }

  private static String projectId(Path dir) throws IOException {
    for (String line : Files.readAllLines(dir.resolve("driftsmith.yaml"))) {
      if (line.startsWith("  id: ")) return line.substring("  id: ".length()).trim();
    }
    throw new AssertionError("no project.id in " + dir.resolve("driftsmith.yaml"));
  }

  private static int migrations(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("driftsmith/migrations"))) {
      return (int) files.filter(f -> f.toString().endsWith(".sql")).count();
    }
  }

  /** The number of steps the stored file's header says it holds (its third line begins with it). */
  private static int storedSteps(Path dir) throws IOException {
    byte[] start = Files.readAllBytes(dir.resolve(REPLAY));
    String[] lines = new String(start, 0, Math.min(start.length, 300), StandardCharsets.ISO_8859_1).split("\n", 4);
    assertEquals("driftsmith-replay 1", lines[0]);
    return Integer.parseInt(lines[2].substring(0, lines[2].indexOf(' ')));
  }

  private static void deleteCaches(Path dir) throws IOException {
    try (Stream<Path> caches = Files.list(dir.resolve(".dart_tool/driftsmith"))) {
      for (Path cache : caches.toList()) if (Files.isRegularFile(cache)) Files.delete(cache);
    }
  }

  private static Map<String, byte[]> withoutCaches(Path dir) {
    Map<String, byte[]> files = new TreeMap<>(E2e.snapshot(dir));
    files.keySet().removeIf(path -> path.startsWith(".dart_tool/"));
    return files;
  }
}
