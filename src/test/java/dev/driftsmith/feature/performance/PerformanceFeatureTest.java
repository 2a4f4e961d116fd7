package dev.driftsmith.feature.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.feature.performance.PageQueries;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.testing.DartStrings;
import dev.driftsmith.testing.Schemas;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Page queries on SQLite, and the generated performance files against them. */
class PerformanceFeatureTest {
  @TempDir
  static Path shared;
  static Path demo;
  static Manifest manifest;

  @BeforeAll
  static void buildDemo() throws Exception {
    demo = TestEnv.demo(shared.resolve("demo"));
    manifest = ManifestFiles.manifest(demo);
  }

  static PageQueries pages(String table) {
    return PageQueries.of(manifest.schema().table(table).orElseThrow());
  }

  /** 23 notes sharing three created_at values: every page size walks every live row exactly once, newest first. */
  @Test
  void keysetPagesReturnEveryRowOnceDespiteEqualSortKeys() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(manifest))) {
      for (int i = 0; i < 23; i++) {
        db.execute("INSERT INTO notes (title, created_at) VALUES ('n" + i + "', '2026-01-0" + (1 + i % 3) + " 10:00:00')");
      }
      db.execute("UPDATE notes SET deleted_at = CURRENT_TIMESTAMP WHERE id IN (4, 5)");
      PageQueries q = pages("notes");
      for (int size : new int[] {1, 2, 5, 7, 21, 50}) {
        List<Long> seen = walk(db, q, size);
        assertEquals(21, seen.size(), "page size " + size);
        assertEquals(21, new HashSet<>(seen).size(), "no row twice at page size " + size);
        assertFalse(seen.contains(4L) || seen.contains(5L), "soft-deleted rows are not listed");
        assertEquals(List.of(21L, 18L, 15L), seen.subList(0, 3), "newest first, ties by id descending");
      }
    }
  }

  /** drift stores date-times as text in several formats; pages still go newest first by time. */
  @Test
  void keysetPagesOrderMixedDateTimeFormatsByTime() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(manifest))) {
      db.execute("INSERT INTO notes (title, created_at) VALUES ('sqlite', '2026-01-02 00:00:00')");
      db.execute("INSERT INTO notes (title, created_at) VALUES ('utc', '2026-01-01T23:30:00.000Z')");
      db.execute("INSERT INTO notes (title, created_at) VALUES ('offset', '2026-01-02T01:45:00.000+02:00')");
      assertEquals(List.of(1L, 3L, 2L), walk(db, pages("notes"), 1), "00:00Z, 23:45Z, 23:30Z: by time (as strings the +02:00 value would come first)");
    }
  }

  @Test
  void tablesWithoutTimestampsPageByPrimaryKey() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(manifest))) {
      for (int i = 0; i < 9; i++) db.execute("INSERT INTO tags (label) VALUES ('t" + i + "')");
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), walk(db, pages("tags"), 4));
    }
  }

  @Test
  void offsetPagesSkipAndLimit() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(manifest))) {
      for (int i = 0; i < 5; i++) db.execute("INSERT INTO tags (label) VALUES ('t" + i + "')");
      assertEquals(List.of(3L, 4L), ids(db, pages("tags").offsetPage(), 2, 2));
    }
  }

  /** The page SQL in pagination.dart is exactly what these tests run; every demo table gets pages. */
  @Test
  void paginationDartCarriesTheTestedQueries() {
    List<String> strings = DartStrings.in(TestEnv.read(demo, "lib/data/pagination/pagination.dart"));
    int tables = 0;
    for (Table t : manifest.schema().tables()) {
      PageQueries q = PageQueries.of(t);
      if (q == null) {
        assertTrue(t.primaryKey().size() > 1, t.name());
        continue;
      }
      tables++;
      assertTrue(strings.contains(q.firstPage()), q.firstPage());
      assertTrue(strings.contains(q.pageAfter()), q.pageAfter());
    }
    assertEquals(4, tables);
  }

  @Test
  void everyDemoPerformanceFileIsGenerated() {
    Set<String> files = TestEnv.files(demo).keySet();
    for (String f : List.of("lib/data/pagination/pagination.dart", "lib/data/pagination/lazy_list.dart",
        "lib/data/cache/query_cache.dart", "lib/data/batch/batch_writer.dart", "lib/data/compression/data_compression.dart",
        "lib/data/sync/offline_indicator.dart")) {
      assertTrue(files.contains(f), f);
    }
    TestEnv.assertContains(TestEnv.read(demo, "lib/data/sync/sync_transport.dart"), "this.compression = const DataCompression(),");
    TestEnv.assertContains(TestEnv.read(demo, "pubspec.yaml"), "archive: ^4.0.7");
    String engine = TestEnv.read(demo, "lib/data/sync/sync_engine.dart");
    TestEnv.assertContains(engine, "this.rollbackTables = const {\n      'notes',\n      'todos',\n    },");
  }

  static List<Long> walk(SqliteSandbox db, PageQueries q, int size) throws Exception {
    List<Long> seen = new ArrayList<>();
    List<Object> key = null;
    while (true) {
      List<Object[]> rows = new ArrayList<>();
      String sql = key == null ? q.firstPage() : q.pageAfter();
      try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
        int i = 1;
        if (key != null) for (Object v : key) ps.setObject(i++, v);
        ps.setInt(i, size + 1);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Object[] values = new Object[q.keyNames().size() + 1];
            values[0] = rs.getLong("id");
            for (int k = 0; k < q.keyNames().size(); k++) values[k + 1] = rs.getObject(q.keyNames().get(k));
            rows.add(values);
          }
        }
      }
      for (int r = 0; r < Math.min(size, rows.size()); r++) seen.add((Long) rows.get(r)[0]);
      if (rows.size() <= size) return seen;
      Object[] last = rows.get(size - 1);
      key = new ArrayList<>(List.of(last).subList(1, last.length));
    }
  }

  static List<Long> ids(SqliteSandbox db, String sql, Object... params) throws Exception {
    try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      List<Long> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getLong("id"));
      }
      return out;
    }
  }
}
