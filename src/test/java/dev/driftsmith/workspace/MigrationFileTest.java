package dev.driftsmith.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.testing.HostileStrings;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A step written to its migration file reads back as exactly that step: statements byte for byte,
 * the description whatever it holds. Proven over many random steps whose statements are full of
 * what ends statements in naive readers, and, for each, on SQLite: the file's up statements run as
 * one script do what the statements read back do one by one.
 */
class MigrationFileTest {
  /** {@code -Dhistory.seed=N} replays other steps. */
  static final long SEED = Long.getLong("history.seed", 20261202L);
  static final int TRIES = 400;

  /** Text that ends or opens something in SQL, mixed with the hostile strings every format gets. */
  static final List<String> SQL_PIECES = List.of(";", "';", "--", "-- ;", "/*", "*/", "/* ; */", "END", "end;", "END;", "BEGIN",
      "CASE", "CREATE TRIGGER", "create temp trigger", "\"", "`", "[", "]", "\n", "\r\n", "\t", "'", "''");

  @Test
  void randomStepsReadBackExactlyAndRunOnSqliteAsTheyReadBack() throws SQLException {
    Random random = new Random(SEED);
    HostileStrings text = new HostileStrings(SEED);
    for (int i = 0; i < TRIES; i++) {
      Statements sql = new Statements(random, text, i);
      List<String> up = new ArrayList<>();
      for (int n = 1 + random.nextInt(4); n > 0; n--) up.add(sql.next());
      List<String> down = new ArrayList<>();
      for (int n = random.nextInt(3); n > 0; n--) down.add(sql.next());
      SchemaStep step = new SchemaStep(2 + random.nextInt(5000), text.next(), up, down, random.nextBoolean());
      String context = "try " + i + " (-Dhistory.seed=" + SEED + "): " + step;

      String file = render(step, context);
      MigrationFile.Read back = MigrationFile.read(MigrationFile.path(step), file);
      assertEquals(List.of(), back.problems(), context);
      assertEquals(step, back.step(), context);
      assertEquals(SqlScriptTest.runAsScript(upSection(file)), SqlScriptTest.runOneByOne(back.step().up()), context);
    }
  }

  /** The exact cases the random ones are made of, each alone. */
  @Test
  void statementsThatNaiveReadersSplitWrongReadBackExactly() throws ToolException {
    List<String> hostile = List.of(
        "INSERT INTO log VALUES ('a;b') -- trailing comment; no line break",
        "INSERT INTO log VALUES (1) -- trailing comment and a line break\n",
        "INSERT INTO log VALUES (1) -- comment, then spaces\n  \t",
        "\n\n  INSERT INTO log VALUES ('leading blank lines')",
        "-- a comment first\nINSERT INTO log VALUES ('x')",
        "INSERT INTO log VALUES ('line\r\nbreaks\rof every kind\n')",
        "CREATE TRIGGER t AFTER INSERT ON src BEGIN INSERT INTO log VALUES (CASE WHEN NEW.v = 'END;' THEN 'BEGIN' END); END",
        "CREATE TRIGGER t AFTER INSERT ON src BEGIN SELECT 1; END -- after the end",
        "INSERT INTO log VALUES ('-- not a comment; /* nor this */')",
        "INSERT INTO \"we;ird\"\"name\" VALUES (1)",
        "INSERT INTO log VALUES ('\u202Ebidi\u2066 and \uD83D\uDE00')");
    for (String sql : hostile) {
      SchemaStep step = new SchemaStep(9, "hand-written", List.of(sql), List.of(sql), true);
      assertEquals(step, MigrationFile.read(MigrationFile.path(step), MigrationFile.render(step)).step(), sql);
    }
  }

  @Test
  void aStatementSqliteWouldEndEarlyIsNeverWritten() {
    SchemaStep step = new SchemaStep(3, "two in one", List.of("CREATE TABLE a (x); DROP TABLE b"), List.of(), true);
    ToolException e = assertThrows(ToolException.class, () -> MigrationFile.render(step));
    assertTrue(e.getMessage().startsWith(MigrationFile.FOLDER + "/0003_two_in_one.sql: the step of version 3 cannot be stored"),
        e::getMessage);
  }

  @Test
  void theDescriptionIsOneLineAndShowsWhatItHolds() throws ToolException {
    SchemaStep step = new SchemaStep(4, "two\nlines \"quoted\" \u202Eevil\u202C ünïcode 😀", List.of("SELECT 1"), List.of(), false);
    String file = MigrationFile.render(step);
    assertTrue(file.contains("\n-- description: \"two\\nlines \\\"quoted\\\" \\u202Eevil\\u202C ünïcode 😀\"\n"), file);
    assertEquals(step, MigrationFile.read(MigrationFile.path(step), file).step());
  }

  @Test
  void fileNamesAreTheVersionAndTheDescriptionInLowerSnakeCase() {
    assertEquals("driftsmith/migrations/0016_full_text_search_notes_english.sql",
        MigrationFile.path(step(16, "full-text search: notes (english)")));
    assertEquals("driftsmith/migrations/0006_relation_category_todos_one_to_many.sql",
        MigrationFile.path(step(6, "relation categoryTodos (oneToMany)")));
    assertEquals("driftsmith/migrations/0017_date_times_stored_as_iso_8601_utc_text.sql",
        MigrationFile.path(step(17, "date-times stored as ISO-8601 UTC text")));
    assertEquals("driftsmith/migrations/12345_creme_brulee_index.sql", MigrationFile.path(step(12345, "Crème brûlée index")));
    assertEquals("driftsmith/migrations/0002_step.sql", MigrationFile.path(step(2, "日本語 ;-)")));
    String longName = MigrationFile.path(step(3, "index " + "every column of the table ".repeat(10)));
    assertEquals("driftsmith/migrations/0003_index_every_column_of_the_table_every_column_of_the_table.sql", longName);
  }

  @Test
  void aFileWithAMatchingHashButNotInOurFormIsRefusedAtItsLine() {
    String path = MigrationFile.FOLDER + "/0005_x.sql";
    String body = "-- version: 5\n-- description: \"x\"\n-- hand-written: no\n\n-- up: 2 statements\nSELECT 1;\n\n-- down: 0 statements\n";
    List<ManifestProblem> problems = MigrationFile.read(path, GeneratedHeader.wrap(path, MigrationFile.NOTICE, body)).problems();
    assertEquals(1, problems.size(), problems::toString);
    // The second statement would start after the blank line, with the line that should be the down heading.
    assertEquals(ManifestProblem.inFile(path, 11, "up[1]", "does not end with a semicolon where SQLite would end it (outside "
        + "strings, comments and trigger bodies), as Driftsmith never writes it; restore the file from version control"), problems.get(0));
  }

  /** A file an older Driftsmith wrote, byte for byte: it has no record of the schema its step leads to. */
  static final String OLDER_FILE = "-- GENERATED BY DRIFTSMITH. Released schema history: never edit it, installed apps already ran it; "
      + "record a new step instead.\n-- driftsmith-hash: 527c58e232f11c1d\n\n-- version: 9\n-- description: \"index notes by title\"\n"
      + "-- hand-written: yes\n\n-- up: 1 statement\nCREATE INDEX notes_title_idx ON notes (title);\n\n-- down: 1 statement\n"
      + "DROP INDEX notes_title_idx;\n";

  @Test
  void aFileOfAnOlderDriftsmithReadsAsItDidAndItsStepIsStoredAsTheSameBytes() throws ToolException {
    String path = MigrationFile.FOLDER + "/0009_index_notes_by_title.sql";
    MigrationFile.Read read = MigrationFile.read(path, OLDER_FILE);
    assertEquals(List.of(), read.problems());
    assertEquals(new SchemaStep(9, "index notes by title", List.of("CREATE INDEX notes_title_idx ON notes (title)"),
        List.of("DROP INDEX notes_title_idx"), true), read.step());
    assertNull(read.step().leadsTo());
    assertEquals(OLDER_FILE, MigrationFile.render(read.step()));
  }

  /**
   * The record sits at the end of the header's hash line, sealed with the body: an older Driftsmith
   * checks only the hash at the start of that line, and reads the file as the step without it.
   */
  @Test
  void theRecordOfTheSchemaAStepLeadsToEndsTheHashLineSealedWithTheBody() throws ToolException {
    String record = "snapshot-1 schema=sha256:" + "ab".repeat(32) + " history=sha256:" + "cd".repeat(32);
    SchemaStep older = MigrationFile.read(MigrationFile.FOLDER + "/0009_index_notes_by_title.sql", OLDER_FILE).step();
    SchemaStep step = older.leadingTo(record);
    String file = MigrationFile.render(step);
    String hashLine = "-- driftsmith-hash: 527c58e232f11c1d -- leads to: " + record + " -- sealed: ";
    assertTrue(file.startsWith(OLDER_FILE.substring(0, OLDER_FILE.indexOf('\n') + 1) + hashLine), file);
    assertEquals(OLDER_FILE.substring(OLDER_FILE.indexOf("\n\n")), file.substring(file.indexOf("\n\n")), "the body is the older file's");
    MigrationFile.Read read = MigrationFile.read(MigrationFile.path(step), file);
    assertEquals(step, read.step());
    assertEquals(2, read.lineOf("leadsTo"));

    // As an older Driftsmith reads it: the header it knows, with the body's hash, and the body.
    GeneratedHeader.Parsed header = GeneratedHeader.parse(file).orElseThrow();
    assertEquals("527c58e232f11c1d", header.storedHash());
    assertFalse(header.edited());

    for (String edited : List.of(file.replace("=sha256:ab", "=sha256:ac"), file.replace("\nCREATE INDEX notes_title_idx ON notes (title);",
        "\nCREATE INDEX notes_title_idx ON notes (title, id);").replace("527c58e232f11c1d", GeneratedHeader.hash(
            GeneratedHeader.parse(file).orElseThrow().body().replace("(title);", "(title, id);"))))) {
      List<ManifestProblem> problems = MigrationFile.read(MigrationFile.path(step), edited).problems();
      assertEquals(1, problems.size(), problems::toString);
      assertEquals(2, problems.get(0).line(), problems::toString);
      assertTrue(problems.get(0).message().startsWith("edited by hand (its record of the schema"), problems::toString);
    }
  }

  @Test
  void aRecordThatIsNotWordsOfPrintableAsciiOrAHashLineNotOursIsRefusedAtItsLine() {
    String path = MigrationFile.FOLDER + "/0005_x.sql";
    String body = "-- version: 5\n-- description: \"x\"\n-- hand-written: no\n\n-- up: 1 statement\nSELECT 1;\n\n-- down: 0 statements\n";
    String file = GeneratedHeader.wrap(path, MigrationFile.NOTICE, body);
    int hashLineEnd = file.indexOf('\n', file.indexOf('\n') + 1);
    for (String record : List.of(" ", "snapshot-1  two spaces", "snapshot-1 \u202Esha256", "snapshot-1 tab\tinside", "trailing ")) {
      String sealed = file.substring(0, hashLineEnd) + " -- leads to: " + record + " -- sealed: "
          + GeneratedHeader.hash(record + "\n" + body) + file.substring(hashLineEnd);
      assertEquals(List.of(ManifestProblem.inFile(path, 2, "leadsTo", "must be words of printable ASCII separated by single "
          + "spaces, as Driftsmith never writes it; restore the file from version control")), MigrationFile.read(path, sealed).problems(), record);
    }
    String notOurs = file.substring(0, hashLineEnd) + " and more" + file.substring(hashLineEnd);
    assertEquals(List.of(ManifestProblem.inFile(path, 2, null, "has a hash line Driftsmith never writes; restore the file from "
        + "version control")), MigrationFile.read(path, notOurs).problems());
  }

  /** The up statements of a file as the file holds them: a script, semicolons and line breaks included. */
  static String upSection(String file) {
    int start = file.indexOf('\n', file.indexOf("\n-- up: ") + 1) + 1;
    return file.substring(start, file.indexOf("\n\n-- down: ", start) + 1);
  }

  private static String render(SchemaStep step, String context) {
    try {
      return MigrationFile.render(step);
    } catch (ToolException e) {
      throw new AssertionError(context + ": " + e.getMessage(), e);
    }
  }

  private static SchemaStep step(int version, String description) {
    return new SchemaStep(version, description, List.of("SELECT 1"), List.of(), false);
  }

  /**
   * Random single statements that SQLite runs on the tables {@code log} and {@code src} of
   * {@link SqlScriptTest}: inserts, triggers with CASE … END in their bodies, views and indexes,
   * with strings, quoted names and comments full of {@link #SQL_PIECES}, and blank lines or
   * comments before and after.
   */
  static final class Statements {
    private final Random random;
    private final HostileStrings text;
    private final int tryNumber;
    private int names;

    Statements(Random random, HostileStrings text, int tryNumber) {
      this.random = random;
      this.text = text;
      this.tryNumber = tryNumber;
    }

    String next() {
      String name = "o" + tryNumber + "_" + names++;
      String statement = switch (random.nextInt(6)) {
        case 0 -> "INSERT INTO log VALUES (" + literal() + ")";
        case 1 -> "INSERT INTO log SELECT" + gap() + literal() + " AS " + quotedName();
        case 2 -> "CREATE" + gap() + (random.nextBoolean() ? "TRIGGER " : "temp trigger ") + name + " AFTER INSERT ON src BEGIN "
            + body() + ";" + gap() + body() + "; END";
        case 3 -> "CREATE VIEW " + name + " AS SELECT CASE WHEN v = " + literal() + " THEN " + literal() + " END AS "
            + quotedName() + " FROM log";
        case 4 -> "CREATE INDEX " + name + " ON log (v) WHERE v <>" + gap() + literal();
        default -> "INSERT INTO src VALUES (" + literal() + ")";
      };
      return before() + statement + after();
    }

    private String body() {
      return random.nextBoolean() ? "INSERT INTO log VALUES (CASE WHEN NEW.v =" + gap() + literal() + " THEN " + literal() + " ELSE NEW.v END)"
          : "INSERT INTO log VALUES (" + literal() + ")";
    }

    private String literal() {
      return "'" + content().replace("'", "''") + "'";
    }

    /** A name in one of SQLite's three quotes; [...] cannot hold ']'. */
    private String quotedName() {
      String name = content();
      return switch (random.nextInt(3)) {
        case 0 -> "\"" + name.replace("\"", "\"\"") + "\"";
        case 1 -> "`" + name.replace("`", "``") + "`";
        default -> "[" + name.replace("]", "") + "]";
      };
    }

    private String content() {
      StringBuilder sb = new StringBuilder();
      for (int n = random.nextInt(5); n > 0; n--) {
        sb.append(random.nextBoolean() ? SQL_PIECES.get(random.nextInt(SQL_PIECES.size())) : text.next());
      }
      return sb.toString().replace("\0", "");
    }

    private String gap() {
      return switch (random.nextInt(5)) {
        case 0 -> "\n";
        case 1 -> " /* " + content().replace("*/", "") + " */ ";
        case 2 -> " -- " + content().replaceAll("[\r\n]", "") + "\n";
        default -> " ";
      };
    }

    private String before() {
      return switch (random.nextInt(6)) {
        case 0 -> "\n\n";
        case 1 -> "-- " + content().replaceAll("[\r\n]", "") + "\n";
        case 2 -> "/* " + content().replace("*/", "") + " */ ";
        default -> "";
      };
    }

    private String after() {
      return switch (random.nextInt(7)) {
        case 0 -> " -- " + content().replaceAll("[\r\n]", "");
        case 1 -> " -- " + content().replaceAll("[\r\n]", "") + "\n";
        case 2 -> " -- x\n \t";
        case 3 -> "\n";
        case 4 -> " /* " + content().replace("*/", "") + " */";
        default -> "";
      };
    }
  }
}
