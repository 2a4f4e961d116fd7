package dev.driftsmith.feature.sync;

import dev.driftsmith.workspace.ManifestFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.schema.Migrations;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.testing.Schemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A project whose history created the touch triggers of its synced tables before the release marker
 * (the demo as the previous release wrote it) gets one step that recreates them, and only once.
 */
class ReleaseMarkerUpgradeTest {
  static final String QUIET_BEFORE = "meta_key = 'applying_remote')";
  static final String QUIET_NOW = "meta_key IN ('applying_remote', 'releasing_children'))";

  /** The demo, with its history, as this release writes it. */
  static Manifest current() throws Exception {
    return ManifestFiles.manifest(Path.of("src/test/resources/golden/demo"));
  }

  /** {@code m} with the touch triggers of its history as the release before the marker created them. */
  static Manifest beforeTheMarker(Manifest m) {
    List<SchemaStep> steps = new ArrayList<>();
    for (SchemaStep s : m.schema().history()) {
      steps.add(new SchemaStep(s.version(), s.description(), older(s.up()), older(s.down()), s.custom()));
    }
    Manifest.Schema schema = m.schema();
    return m.withSchema(new Manifest.Schema(schema.version(), schema.tables(), schema.relations(), steps));
  }

  static List<String> older(List<String> statements) {
    return statements.stream().map(s -> s.contains("_touch_updated_at AFTER UPDATE") ? s.replace(QUIET_NOW, QUIET_BEFORE) : s).toList();
  }

  @Test
  void olderTouchTriggersAreRecreatedInOneStep() throws Exception {
    Manifest older = beforeTheMarker(current());
    assertTrue(Schemas.steps().departure(older).isPresent(), "the older history no longer matches a fresh install");
    List<String> notes = new ArrayList<>();
    Manifest upgraded = ReleaseMarkerUpgrade.apply(older, Schemas.steps(), notes);

    assertEquals(older.schema().version() + 1, upgraded.schema().version());
    SchemaStep step = upgraded.schema().history().get(upgraded.schema().history().size() - 1);
    assertEquals(ReleaseMarkerUpgrade.DESCRIPTION, step.description());
    assertEquals(List.of("DROP TRIGGER IF EXISTS notes_touch_updated_at", "DROP TRIGGER IF EXISTS todos_touch_updated_at"),
        step.up().stream().filter(s -> s.startsWith("DROP")).toList(), "the synced tables with timestamps");
    assertTrue(step.up().stream().filter(s -> s.startsWith("CREATE")).allMatch(s -> s.contains(QUIET_NOW)), step.up()::toString);
    assertEquals(older.schema().tables(), upgraded.schema().tables(), "no table changes");
    assertTrue(Migrations.upgradeMismatch(Schemas.of(upgraded)).isEmpty(), "upgraded apps equal fresh installs");
    assertEquals(1, notes.size());
    assertTrue(notes.get(0).contains("Schema step " + upgraded.schema().version()), notes::toString);

    assertSame(upgraded, ReleaseMarkerUpgrade.apply(upgraded, Schemas.steps(), new ArrayList<>()), "a second load adds nothing");
  }

  @Test
  void anUpgradedDatabaseLeavesReleasedChildrenUntouched() throws Exception {
    Manifest upgraded = ReleaseMarkerUpgrade.apply(beforeTheMarker(current()), Schemas.steps(), new ArrayList<>());
    try (SqliteSandbox db = SqliteSandbox.with(Migrations.replay(upgraded.schema(), upgraded.schema().version()))) {
      db.execute("INSERT INTO todos (title, priority) VALUES ('milk', 1)");
      db.execute("UPDATE todos SET updated_at = '2026-01-01T10:00:00.000Z'");
      db.execute(SyncQueries.BEGIN_RELEASE);
      db.execute("UPDATE todos SET done = 1");
      db.execute(SyncQueries.END_RELEASE);
      try (var rs = db.connection().createStatement().executeQuery("SELECT updated_at FROM todos")) {
        assertTrue(rs.next());
        assertEquals("2026-01-01T10:00:00.000Z", rs.getString(1), "the upgraded trigger honours the release marker");
      }
    }
  }

  @Test
  void aCurrentHistoryIsLeftAlone() throws Exception {
    Manifest m = current();
    assertSame(m, ReleaseMarkerUpgrade.apply(m, Schemas.steps(), new ArrayList<>()));
  }
}
