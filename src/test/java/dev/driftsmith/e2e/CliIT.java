package dev.driftsmith.e2e;

import static dev.driftsmith.e2e.E2e.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of the packaged jar: demo, check, generate (refusal, dry run, force), schema, tools. */
class CliIT {
  private static final String DATABASE = "lib/data/database.dart";

  @TempDir
  Path tmp;

  @Test
  void demoCheckGenerateSchemaTools() {
    assertTimeoutPreemptively(Duration.ofMinutes(5), this::run);
  }

  /** A project the previous release generated: check flags it, generate upgrades it once, check is clean. */
  @Test
  void generateUpgradesAnOlderProject() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path dir = Files.createDirectories(tmp.resolve("older"));
    try (var in = getClass().getResourceAsStream("/fixtures/before-utc-dates/driftsmith.yaml")) {
      // As its owner has it after rewriting the queries that compare date-times as text, which a
      // load refuses with the julianday() form to use.
      String older = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .replace("ORDER BY\n        updated_at DESC", "ORDER BY\n        julianday(updated_at) DESC")
          .replace("ORDER BY priority,\\\n        \\ due_at\"", "ORDER BY priority,\\\n        \\ julianday(due_at)\"")
          .replace("AND due_at < ?", "AND julianday(due_at) < julianday(?)");
      Files.writeString(dir.resolve("driftsmith.yaml"), older);
    }
    E2e.Result before = E2e.run(home, "check", dir.toString());
    assertEquals(1, before.exitCode(), before::describe);
    assertContains(before.stdout(), "driftsmith.yaml: in an older format (");
    assertContains(before.stdout(), "Date-times are now stored as ISO-8601 UTC text");
    E2e.Result upgrade = E2e.run(home, "generate", dir.toString());
    assertEquals(0, upgrade.exitCode(), upgrade::describe);
    // 17 moves the dates; the older demo also synced under protocol 1, and 18 moves it to global record ids.
    assertContains(upgrade.stdout(), "(schema version 18)");
    assertContains(upgrade.stdout(), "Note: Date-times are now stored as ISO-8601 UTC text");
    assertContains(upgrade.stdout(), "Note: Sync now identifies records by global ids (protocol 2)");
    assertContains(Files.readString(dir.resolve("driftsmith.yaml")), "dateTimes: iso8601-utc");
    E2e.Result after = E2e.run(home, "check", dir.toString());
    assertEquals(0, after.exitCode(), after::describe);
    E2e.Result again = E2e.run(home, "generate", dir.toString());
    assertContains(again.stdout(), "0 created, 0 updated");
    assertContains(again.stdout(), "(schema version 18)");
  }

  private void run() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path dir = tmp.resolve("demo");

    // demo: exit 0, prints each change set
    E2e.Result demo = E2e.run(home, "demo", dir.toString());
    assertEquals(0, demo.exitCode(), demo::describe);
    for (String expected : List.of("## project_create", "created driftsmith.yaml", "created pubspec.yaml",
        "## drift_add_table", "created lib/data/tables/notes.dart", "## drift_add_relation", "## drift_generate_dao",
        "created lib/data/daos/todos_dao.dart", "updated " + DATABASE)) {
      assertContains(demo.stdout(), expected);
    }
    assertTrue(Files.isRegularFile(dir.resolve("driftsmith.yaml")));
    assertTrue(Files.isRegularFile(dir.resolve(DATABASE)));

    // demo refuses a folder that is not empty, and changes nothing
    Map<String, byte[]> afterDemo = E2e.snapshot(dir);
    E2e.Result again = E2e.run(home, "demo", dir.toString());
    assertEquals(2, again.exitCode(), again::describe);
    assertContains(again.stderr(), "not empty");
    assertFalse(again.stderr().contains("\tat "), () -> "stack trace instead of a message:\n" + again.stderr());
    E2e.assertSameFiles(afterDemo, E2e.snapshot(dir), "demo into a non-empty folder");

    // check: clean
    E2e.Result clean = E2e.run(home, "check", dir.toString());
    assertEquals(0, clean.exitCode(), clean::describe);
    assertContains(clean.stdout(), "OK");

    // hand-edit a generated file: check exits 1 and names it
    Path database = dir.resolve(DATABASE);
    byte[] generated = Files.readAllBytes(database);
    Files.writeString(database, "// my hand edit\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    byte[] edited = Files.readAllBytes(database);
    E2e.Result dirty = E2e.run(home, "check", dir.toString());
    assertEquals(1, dirty.exitCode(), dirty::describe);
    assertContains(dirty.stdout(), DATABASE);
    assertContains(dirty.stdout(), "edited by hand");

    // generate refuses the edited file (exit 1) and keeps the edit
    E2e.Result refused = E2e.run(home, "generate", dir.toString());
    assertEquals(1, refused.exitCode(), refused::describe);
    assertContains(refused.stdout(), "refused " + DATABASE);
    assertArrayEquals(edited, Files.readAllBytes(database), "generate without --force overwrote the hand edit");

    // a forced dry run shows the diff but writes nothing
    E2e.Result dryRun = E2e.run(home, "generate", dir.toString(), "--dry-run", "--force");
    assertEquals(0, dryRun.exitCode(), dryRun::describe);
    assertContains(dryRun.stdout(), "Dry run");
    assertContains(dryRun.stdout(), "--- a/" + DATABASE);
    assertContains(dryRun.stdout(), "-// my hand edit");
    assertArrayEquals(edited, Files.readAllBytes(database), "a dry run wrote the file");

    // --force restores exactly the generated bytes; check is clean again
    E2e.Result forced = E2e.run(home, "generate", dir.toString(), "--force");
    assertEquals(0, forced.exitCode(), forced::describe);
    assertContains(forced.stdout(), "updated " + DATABASE);
    assertArrayEquals(generated, Files.readAllBytes(database), "--force did not restore the generated file");
    E2e.Result cleanAgain = E2e.run(home, "check", dir.toString());
    assertEquals(0, cleanAgain.exitCode(), cleanAgain::describe);

    // generating again changes nothing
    Map<String, byte[]> beforeRegenerate = E2e.snapshot(dir);
    E2e.Result idempotent = E2e.run(home, "generate", dir.toString());
    assertEquals(0, idempotent.exitCode(), idempotent::describe);
    assertContains(idempotent.stdout(), "0 created, 0 updated");
    E2e.assertSameFiles(beforeRegenerate, E2e.snapshot(dir), "a second generate");

    // schema: version 1 is the empty project, version 2 adds the first table, the current one has them all
    E2e.Result v1 = E2e.run(home, "schema", dir.toString(), "--version", "1");
    assertEquals(0, v1.exitCode(), v1::describe);
    assertContains(v1.stdout(), "-- schema version 1 of notes_demo");
    assertFalse(v1.stdout().contains("CREATE TABLE"), v1::describe);
    E2e.Result v2 = E2e.run(home, "schema", dir.toString(), "--version", "2");
    assertEquals(0, v2.exitCode(), v2::describe);
    assertContains(v2.stdout(), "CREATE TABLE \"categories\"");
    assertFalse(v2.stdout().contains("\"notes\""), v2::describe);
    E2e.Result current = E2e.run(home, "schema", dir.toString());
    assertEquals(0, current.exitCode(), current::describe);
    for (String table : List.of("categories", "notes", "todos", "tags", "todos_tags")) {
      assertContains(current.stdout(), "CREATE TABLE \"" + table + "\"");
    }
    assertContains(current.stdout(), "CREATE TRIGGER");
    E2e.Result tooHigh = E2e.run(home, "schema", dir.toString(), "--version", "999");
    assertEquals(2, tooHigh.exitCode(), tooHigh::describe);
    assertContains(tooHigh.stderr(), "--version: must be from 1 to");

    // a folder without driftsmith.yaml: exit 2 with a one-line message naming DIR
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    E2e.Result noManifest = E2e.run(home, "check", empty.toString());
    assertEquals(2, noManifest.exitCode(), noManifest::describe);
    assertContains(noManifest.stderr(), "DIR: ");
    assertContains(noManifest.stderr(), "driftsmith.yaml");

    // tools: every MCP tool with its description
    E2e.Result tools = E2e.run(home, "tools");
    assertEquals(0, tools.exitCode(), tools::describe);
    for (String tool : StdioEndToEndIT.ALL_TOOLS) {
      assertTrue(tools.stdout().lines().anyMatch(l -> l.startsWith(tool + " ")), () -> tool + " missing:\n" + tools.stdout());
    }
    assertTrue(tools.stdout().lines().allMatch(l -> l.trim().split("\\s+", 2).length == 2),
        () -> "every tool line has a description:\n" + tools.stdout());

    // the CLI never touches the registry in DRIFTSMITH_HOME
    assertFalse(Files.exists(home.resolve("projects.yaml")), "the CLI wrote the user's project registry");
  }
}
