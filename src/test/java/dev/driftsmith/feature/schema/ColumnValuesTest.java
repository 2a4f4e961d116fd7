package dev.driftsmith.feature.schema;

import static dev.driftsmith.testing.TestEnv.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Column names and default values are refused at the boundary unless they work in Dart, on the web and in SQLite. */
class ColumnValuesTest {
  @TempDir
  Path dir;
  final TestEnv env = new TestEnv();
  Path root;

  @BeforeEach
  void project() {
    root = env.project(dir.resolve("p"));
  }

  private String table(String column) {
    return "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [" + column + "]}";
  }

  @Test
  void aRealDefaultBeyondADoubleIsRefusedAndLaterCallsStillWork() {
    env.assertRefused(root, "drift_add_table", table("{\"name\": \"ratio\", \"type\": \"real\", \"defaultValue\": 1e309}"),
        "columns[0].defaultValue", "finite");
    env.call("drift_add_table", table("{\"name\": \"ratio\", \"type\": \"real\", \"defaultValue\": 0.5}"));
  }

  @Test
  void aLargeRealDefaultIsAValidDartAndSqlLiteral() throws Exception {
    env.call("drift_add_table", table("{\"name\": \"ratio\", \"type\": \"real\", \"defaultValue\": 1e300}"));
    // Dart's own spelling of the double, which drift also writes into its CREATE TABLE.
    assertContains(TestEnv.read(root, "lib/data/tables/items.dart"), ".withDefault(const Constant(1e+300))");
    var table = ManifestFiles.manifest(root).schema().table("items").orElseThrow();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = db.createStatement()) {
      s.execute(SqlSchema.createTable(table));
      s.execute("INSERT INTO items DEFAULT VALUES");
      try (ResultSet rs = s.executeQuery("SELECT ratio FROM items")) {
        rs.next();
        assertEquals(1e300, rs.getDouble(1));
      }
    }
  }

  @Test
  void integerDefaultsBeyondWhatTheWebHoldsExactlyAreRefused() {
    env.assertRefused(root, "drift_add_table", table("{\"name\": \"big\", \"type\": \"integer\", \"defaultValue\": 9007199254740993}"),
        "columns[0].defaultValue", "web");
    env.assertRefused(root, "drift_add_table", table("{\"name\": \"big\", \"type\": \"integer\", \"defaultValue\": -9007199254740992}"),
        "columns[0].defaultValue", "web");
    env.assertRefused(root, "drift_add_table", table("{\"name\": \"big\", \"type\": \"integer\", \"defaultValue\": 36893488147419103232}"),
        "columns[0].defaultValue", "web");
    env.call("drift_add_table", table("{\"name\": \"big\", \"type\": \"integer\", \"defaultValue\": 9007199254740991}"));
    assertContains(TestEnv.read(root, "lib/data/tables/items.dart"), "const Constant(9007199254740991)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rowid", "oid"})
  void columnsCannotHideSqlitesRowId(String name) {
    env.assertRefused(root, "drift_add_table", table("{\"name\": \"" + name + "\", \"type\": \"integer\"}"),
        "columns[0].name", "row id");
  }

  @Test
  void aRelationCannotAddARowIdColumnEither() {
    env.call("drift_add_table", table("{\"name\": \"title\", \"type\": \"text\"}"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"parts\", \"columns\": [{\"name\": \"label\", \"type\": \"text\"}]}");
    env.assertRefused(root, "drift_add_relation", "{\"projectId\": \"p\", \"name\": \"itemParts\", \"type\": \"oneToMany\", "
        + "\"fromTable\": \"items\", \"fromColumn\": \"id\", \"toTable\": \"parts\", \"toColumn\": \"oid\"}", "toColumn", "row id");
  }

  @Test
  void tooManyColumnsNameTheFieldNotSqlite() {
    StringBuilder columns = new StringBuilder();
    for (int i = 0; i < 2001; i++) columns.append(i == 0 ? "" : ", ").append("{\"name\": \"c").append(i).append("\", \"type\": \"integer\"}");
    env.assertRefused(root, "drift_add_table", table(columns.toString()), "columns", "at most 500");
    assertFalse(TestEnv.files(root).containsKey("lib/data/tables/items.dart"));
  }

  /** Generated triggers and queries name tables and columns unquoted, so SQLite decides which names work everywhere. */
  @ParameterizedTest
  @ValueSource(strings = {"order", "group", "select", "check", "distinct", "having"})
  void sqlKeywordsThatSqliteRefusesUnquotedAreRefusedByName(String keyword) {
    env.assertRefused(root, "drift_add_table", table("{\"name\": \"" + keyword + "\", \"type\": \"integer\"}"),
        "columns[0].name", "SQL keyword");
    env.assertRefused(root, "drift_add_table", "{\"projectId\": \"p\", \"name\": \"" + keyword
        + "\", \"columns\": [{\"name\": \"label\", \"type\": \"text\"}]}", "name", "SQL keyword");
  }

  @ParameterizedTest
  @ValueSource(strings = {"name", "value", "key", "action", "date", "position"})
  void keywordsSqliteTakesAsNamesStayAccepted(String name) {
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"" + name + "_items\", \"columns\": [{\"name\": \""
        + name + "\", \"type\": \"text\"}], \"timestamps\": true}");
    env.call("drift_enable_sync", "{\"projectId\": \"p\", \"tables\": [\"" + name + "_items\"]}");
  }
}
