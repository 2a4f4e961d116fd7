package dev.driftsmith.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Statements end where SQLite ends them. Each script below is split by {@link SqlScript} and, to
 * prove the split, run on SQLite twice: whole, as SQLite's own script runner (sqlite3_exec) splits
 * it, and statement by statement as split here. Both must leave the same rows and schema.
 */
class SqlScriptTest {
  /** A script whose statements write what they are into {@code log}, and the statements it holds. */
  static Stream<Arguments> scripts() {
    return Stream.of(
        script("a semicolon in a string", "INSERT INTO log VALUES ('a;b')", "INSERT INTO log VALUES ('c')"),
        script("a doubled quote next to a semicolon", "INSERT INTO log VALUES ('it''s; ''here''')", "INSERT INTO log VALUES (';''')"),
        script("semicolons in quoted names",
            "CREATE TABLE \"a;b\" (\"c;\"\"d\" TEXT, [e;f] TEXT, `g;h` TEXT)", "INSERT INTO \"a;b\" VALUES ('1', '2', '3')",
            "INSERT INTO log SELECT \"c;\"\"d\" || [e;f] || `g;h` FROM \"a;b\""),
        script("a semicolon in a line comment", "INSERT INTO log VALUES ('x') -- ; not the end\n", "INSERT INTO log VALUES ('y')"),
        script("a semicolon and END in a block comment", "INSERT INTO log VALUES ('x') /* ; END; */", "INSERT INTO log VALUES ('z')"),
        script("comment markers in strings", "INSERT INTO log VALUES ('-- not a comment;')", "INSERT INTO log VALUES ('/* nor this; */')"),
        script("a trigger body with two statements",
            "CREATE TRIGGER t1 AFTER INSERT ON src BEGIN INSERT INTO log VALUES ('one;'); INSERT INTO log VALUES (NEW.v); END",
            "INSERT INTO src VALUES ('fired')"),
        script("CASE … END inside a trigger body",
            "CREATE TRIGGER t2 AFTER INSERT ON src BEGIN INSERT INTO log VALUES (CASE WHEN NEW.v = 'a' THEN 'END;' ELSE 'no' END); "
                + "INSERT INTO log VALUES (CASE NEW.v WHEN 'a' THEN 1 END); END",
            "INSERT INTO src VALUES ('a')"),
        script("END in a string right after a semicolon of the body",
            "CREATE TRIGGER t3 AFTER INSERT ON src BEGIN INSERT INTO log VALUES ('x'); SELECT 'END'; END",
            "INSERT INTO src VALUES ('b')"),
        script("TEMP, TEMPORARY, any case, comments between the words",
            "create temp trigger t4 after insert on src begin insert into log values ('t'); end",
            "CrEaTe /* ; */ TEMPORARY -- x;\n TrIgGeR t5 AFTER INSERT ON src BEGIN INSERT INTO log VALUES ('u'); End",
            "INSERT INTO src VALUES ('c')"),
        script("trigger and end as parts of names", "CREATE TABLE trigger_log (end_at TEXT, \"end\" TEXT)",
            "CREATE INDEX end_idx ON trigger_log (end_at)", "INSERT INTO log VALUES ('after')"),
        script("a statement that starts with a comment and blank lines", "\n\n-- first;\n/* second; */ INSERT INTO log VALUES ('late')",
            "INSERT INTO log VALUES ('next')"),
        script("names beyond ASCII", "CREATE TABLE ñandú (añño TEXT)", "INSERT INTO log SELECT 'ü;' FROM ñandú UNION SELECT 'end'"),
        script("CREATE TABLE is not a trigger, even when it names one",
            "CREATE TABLE begin_end (trigger TEXT, \"begin\" TEXT)", "INSERT INTO begin_end VALUES ('a', 'b')",
            "INSERT INTO log SELECT trigger FROM begin_end"));
  }

  static Arguments script(String what, String... statements) {
    return Arguments.of(what, List.of(statements));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void statementsEndWhereSqliteEndsThem(String what, List<String> statements) throws SQLException {
    String script = String.join(";\n", statements) + ";\n";
    assertEquals(statements, split(script), "split");
    assertEquals(runAsScript(script), runOneByOne(split(script)), "what SQLite does with the script and with the statements");
  }

  @Test
  void aTextThatEndsInsideAStringACommentOrATriggerBodyHasNoEnd() {
    assertEquals(-1, SqlScript.statementEnd("INSERT INTO log VALUES ('a;", 0));
    assertEquals(-1, SqlScript.statementEnd("INSERT INTO log VALUES (1) /* ;", 0));
    assertEquals(-1, SqlScript.statementEnd("INSERT INTO log VALUES (1) -- ;", 0));
    assertEquals(-1, SqlScript.statementEnd("SELECT [a;", 0));
    assertEquals(-1, SqlScript.statementEnd("CREATE TRIGGER t AFTER INSERT ON src BEGIN SELECT 1;", 0));
    assertEquals(-1, SqlScript.statementEnd("CREATE TRIGGER t AFTER INSERT ON src BEGIN SELECT 1; END", 0));
    assertEquals(-1, SqlScript.statementEnd("SELECT 1", 0));
  }

  /**
   * SQLite folds only ASCII letters in keywords. Java's equalsIgnoreCase would take the dotted
   * capital I (U+0130) for an i and read "TRİGGER" as TRIGGER, and then miss the end of the
   * statement by a whole trigger body.
   */
  @Test
  void keywordsAreReadWithAsciiLettersOnly() {
    String text = "CREATE TR\u0130GGER t BEGIN SELECT 1; END;";
    assertTrue("TR\u0130GGER".equalsIgnoreCase("trigger"), "what the test guards against");
    assertEquals(text.indexOf(';'), SqlScript.statementEnd(text, 0));
  }

  @Test
  void aStatementEndsWithALineCommentWhenNothingButSpaceFollowsIt() {
    assertTrue(SqlScript.endsWithLineComment("SELECT 1 -- why"));
    assertTrue(SqlScript.endsWithLineComment("SELECT 1 -- why\n"));
    assertTrue(SqlScript.endsWithLineComment("SELECT 1 -- why\n \t\n"));
    assertFalse(SqlScript.endsWithLineComment("SELECT 1 -- why\n+ 1"));
    assertFalse(SqlScript.endsWithLineComment("SELECT 1 /* -- why */"));
    assertFalse(SqlScript.endsWithLineComment("SELECT '-- not a comment'"));
    assertFalse(SqlScript.endsWithLineComment("SELECT 1\n"));
  }

  static List<String> split(String script) {
    List<String> out = new ArrayList<>();
    int from = 0;
    while (from < script.length()) {
      int end = SqlScript.statementEnd(script, from);
      if (end < 0) {
        assertTrue(script.substring(from).isBlank(), () -> "text after the last statement: " + script);
        break;
      }
      out.add(script.substring(from, end));
      from = end + 2; // the semicolon and the line break after it
    }
    return out;
  }

  /** The whole script through sqlite3_exec, which runs every statement of a text. */
  static List<String> runAsScript(String script) throws SQLException {
    try (Connection c = database(); Statement st = c.createStatement()) {
      st.executeUpdate(script);
      return state(c);
    }
  }

  /** Each statement on its own: a prepared statement runs exactly one. */
  static List<String> runOneByOne(List<String> statements) throws SQLException {
    try (Connection c = database()) {
      for (String sql : statements) {
        try (var st = c.prepareStatement(sql)) {
          st.execute();
        }
      }
      return state(c);
    }
  }

  private static Connection database() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
    try (Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE log (v); CREATE TABLE src (v)");
    }
    return c;
  }

  /**
   * The rows of log, then every object of the schema. SQLite keeps a CREATE statement's text up to
   * where it ends, and that end is the semicolon in a script but the end of the text for one
   * statement: so a trailing -- comment and white space (a migration file puts a line break
   * before the semicolon after such a comment) are left out of the text compared.
   */
  private static List<String> state(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
         ResultSet rows = st.executeQuery("SELECT quote(v) FROM log ORDER BY rowid")) {
      while (rows.next()) out.add("row " + rows.getString(1));
    }
    try (Statement st = c.createStatement();
         ResultSet schema = st.executeQuery("SELECT type, name, sql FROM sqlite_schema UNION ALL "
             + "SELECT type, name, sql FROM sqlite_temp_schema ORDER BY 1, 2")) {
      while (schema.next()) out.add(schema.getString(1) + " " + schema.getString(2) + ": " + schema.getString(3).replaceAll("(?s)\\s*--[^\\n]*\\s*$", "").stripTrailing());
    }
    return out;
  }
}
