package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Table;
import dev.driftsmith.testing.Schemas;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The date-time text our SQL writes, on real SQLite: drift's own UTC form, read back by drift as the
 * same instant; and comparisons that hold across every form a project's rows can hold.
 */
class DateTimeSqlTest {
  /** Dart's {@code DateTime.toIso8601String()} of a UTC time with whole milliseconds: what drift writes. */
  static final DateTimeFormatter DRIFT_UTC = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  static final Table TODOS = new Table("todos", List.of(
      new Column("id", ColumnType.INTEGER, false, true, true, false, null, null),
      new Column("title", ColumnType.TEXT, false, false, false, false, null, null),
      new Column("dueAt", ColumnType.DATE_TIME, true, false, false, false, null, null),
      new Column("remindAt", ColumnType.DATE_TIME, false, false, false, false, Column.NOW, null)), true, false, List.of());

  SqliteSandbox db;

  @BeforeEach
  void open() throws SQLException {
    db = SqliteSandbox.with(Schemas.freshInstall(Schemas.syncing(Schemas.manifest(TODOS), "todos")));
  }

  @AfterEach
  void close() throws SQLException {
    db.close();
  }

  @Test
  void defaultsWriteDriftsUtcForm() throws SQLException {
    db.execute("INSERT INTO todos (title) VALUES ('a')");
    for (String column : List.of("created_at", "updated_at", "remind_at")) {
      assertDriftUtc(one("SELECT " + column + " FROM todos"));
    }
    assertDriftUtc(one("SELECT created_at FROM sync_outbox"));
  }

  @Test
  void touchTriggerWritesDriftsUtcForm() throws SQLException {
    db.execute("INSERT INTO todos (title, updated_at) VALUES ('a', '2000-01-01T00:00:00.000Z')");
    db.execute("UPDATE todos SET title = 'b'");
    String touched = one("SELECT updated_at FROM todos");
    assertNotEquals("2000-01-01T00:00:00.000Z", touched);
    assertDriftUtc(touched);
  }

  /** The example: due at 12:00+02:00 (10:00 UTC) is overdue at 11:00Z, though its text sorts later. */
  @Test
  void dueTimeWithAnOffsetComparesAsATimeOnlyThroughJulianday() throws SQLException {
    String due = "2024-05-01T12:00:00.000 +02:00"; // drift's text for a local DateTime in UTC+2
    String now = "2024-05-01T11:00:00.000Z";       // drift's text for a UTC DateTime
    assertEquals("0", one("SELECT '" + due + "' < '" + now + "'"), "as text the todo is not due yet: the bug");
    assertEquals("1", one("SELECT " + DateTimeSql.instant("'" + due + "'") + " < " + DateTimeSql.instant("'" + now + "'")));
  }

  /** Every form a row can hold orders by its instant through julianday, never by its text. */
  @Test
  void juliandayOrdersEveryStoredFormByInstant() throws SQLException {
    db.execute("INSERT INTO todos (title, due_at) VALUES "
        + "('d', '2024-05-01T10:30:00.000Z'), "            // drift, UTC
        + "('b', '2024-05-01T11:15:00.000 +02:00'), "      // drift, local UTC+2 = 09:15Z
        + "('a', '2024-05-01 09:00:00'), "                 // SQLite's CURRENT_TIMESTAMP, older projects
        + "('c', '2024-05-01T05:20:00.000 -04:00'), "      // drift, local UTC-4 = 09:20Z
        + "('e', " + DateTimeSql.utc("'2024-05-01 10:45:00'") + ")"); // our format
    assertEquals(List.of("a", "b", "c", "d", "e"), strings("SELECT title FROM todos ORDER BY " + DateTimeSql.instant("due_at")));
    assertNotEquals(List.of("a", "b", "c", "d", "e"), strings("SELECT title FROM todos ORDER BY due_at"), "text order is not time order");
  }

  @Test
  void sqliteFormIsRewrittenToTheSameInstantAndOtherFormsStay() throws SQLException {
    List<String> stays = List.of("2024-05-01T10:30:00.000Z", "2024-05-01T11:15:00.000 +02:00", "not a date",
        "2024-13-45 99:99:99", "2024-05-01");
    assertEquals("2024-05-01T09:00:00.000Z", converted("2024-05-01 09:00:00"));
    assertEquals("2024-05-01T09:00:00.123Z", converted("2024-05-01 09:00:00.123"));
    for (String value : stays) assertEquals(value, converted(value), value);
    assertEquals(null, converted(null));
  }

  private String converted(String value) throws SQLException {
    try (PreparedStatement st = db.connection().prepareStatement("SELECT " + DateTimeSql.fromSqliteForm("?1"))) {
      st.setString(1, value);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** Exactly drift's text for a UTC instant, and the instant SQLite reads from it is the one drift parses. */
  private void assertDriftUtc(String value) throws SQLException {
    Instant parsed = Instant.parse(value); // drift: a trailing Z goes to DateTime.parse, giving UTC
    assertEquals(DRIFT_UTC.format(parsed), value, "drift's toIso8601String() of the same instant");
    assertEquals(String.valueOf(parsed.toEpochMilli()),
        one("SELECT CAST(round((julianday('" + value + "') - 2440587.5) * 86400000) AS INTEGER)"), "SQLite reads the same instant");
  }

  private String one(String sql) throws SQLException {
    List<String> all = strings(sql);
    assertTrue(all.size() == 1, sql + " gave " + all);
    return all.get(0);
  }

  private List<String> strings(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (var st = db.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }
}
