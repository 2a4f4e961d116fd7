package dev.driftsmith.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.driftsmith.testing.HostileStrings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Literals and identifiers run on real SQLite and read back as the value they hold. */
class SqlCodeTest {
  @Test
  void stringLiteralsReadBackUnchanged() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = db.createStatement()) {
      for (String value : new HostileStrings(4).take(400)) {
        try (ResultSet rs = s.executeQuery("SELECT " + SqlCode.string(value))) {
          rs.next();
          assertEquals(value, rs.getString(1));
        }
      }
    }
  }

  @Test
  void identifiersNameExactlyTheirTable() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = db.createStatement()) {
      int n = 0;
      for (String name : new HostileStrings(5).take(100)) {
        String table = name + n++;
        s.execute("CREATE TABLE " + SqlCode.identifier(table) + " (" + SqlCode.identifier(name) + " TEXT)");
        try (ResultSet rs = s.executeQuery("SELECT name FROM pragma_table_info(" + SqlCode.string(table) + ")")) {
          rs.next();
          assertEquals(name, rs.getString(1));
        }
      }
    }
  }

  @Test
  void realLiteralsReadBackAsTheSameDouble() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = db.createStatement()) {
      for (double value : new double[] {0.5, -2.5, 1e300, -1e-300, 4.9e-324, 1.7976931348623157e308, 0.1 + 0.2}) {
        try (ResultSet rs = s.executeQuery("SELECT " + SqlCode.real(value))) {
          rs.next();
          assertEquals(value, rs.getDouble(1), SqlCode.real(value));
        }
      }
    }
    assertThrows(IllegalArgumentException.class, () -> SqlCode.real(Double.POSITIVE_INFINITY));
  }

  @Test
  void nulHasNoPlaceInSqlText() {
    assertThrows(IllegalArgumentException.class, () -> SqlCode.string("a\0b"));
    assertThrows(IllegalArgumentException.class, () -> SqlCode.identifier("a\0b"));
  }
}
