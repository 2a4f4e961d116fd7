package dev.driftsmith.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.schema.Migrations;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.testing.Schemas;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code driftsmith schema DIR} prints DDL a backend team can run: on a fresh SQLite database it
 * creates exactly the schema of that version, FTS5 tables included (SQLite makes their shadow
 * tables itself, so printing those too would fail with "table ... already exists").
 */
class SchemaCommandTest {
  @TempDir
  static Path dir;
  static Path root;
  static Manifest manifest;

  @BeforeAll
  static void demo() throws Exception {
    root = TestEnv.demo(dir.resolve("demo"));
    manifest = ManifestFiles.manifest(root);
  }

  @Test
  void theCurrentSchemaRunsOnAFreshDatabaseAndEqualsAFreshInstall() throws Exception {
    String ddl = schema(root.toString());
    try (SqliteSandbox expected = SqliteSandbox.with(Schemas.freshInstall(manifest))) {
      assertEquals(expected.snapshot(), snapshotAfterRunning(ddl));
    }
    assertFalse(ddl.contains("notes_fts_data"), "shadow tables are SQLite's business:\n" + ddl);
  }

  @Test
  void everyEarlierVersionRunsOnAFreshDatabaseAndEqualsItsReplay() throws Exception {
    for (int version = 1; version < manifest.schema().version(); version++) {
      String ddl = schema(root.toString(), "--version", String.valueOf(version));
      try (SqliteSandbox expected = SqliteSandbox.with(Migrations.replay(manifest.schema(), version))) {
        assertEquals(expected.snapshot(), snapshotAfterRunning(ddl), "version " + version);
      }
    }
  }

  /** Runs the printed DDL as one script (sqlite3_exec, the way the sqlite3 shell would) on a new database. */
  static Map<String, String> snapshotAfterRunning(String ddl) throws Exception {
    try (Connection fresh = DriverManager.getConnection("jdbc:sqlite::memory:");
         Statement st = fresh.createStatement()) {
      st.executeUpdate(ddl);
      byte[] image = ((org.sqlite.SQLiteConnection) fresh).serialize("main");
      try (SqliteSandbox copy = SqliteSandbox.with(List.of())) {
        ((org.sqlite.SQLiteConnection) copy.connection()).deserialize("main", image);
        return copy.snapshot();
      }
    }
  }

  static String schema(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      String[] all = new String[args.length + 1];
      all[0] = "schema";
      System.arraycopy(args, 0, all, 1, args.length);
      assertEquals(0, new CommandLine(new Cli()).execute(all));
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
