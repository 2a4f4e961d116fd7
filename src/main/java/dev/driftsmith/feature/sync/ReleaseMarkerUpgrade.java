package dev.driftsmith.feature.sync;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.Migrations;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.schema.SqlSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves installed apps to touch triggers that honour the release marker: before it, the children a
 * server delete lets go of got a fresh updated_at and, under lastWriteWins, beat newer edits made
 * elsewhere. A project whose history still creates a synced table's touch trigger in the older form
 * gets one schema step that recreates those triggers; the rows stay as they are.
 */
final class ReleaseMarkerUpgrade {
  private ReleaseMarkerUpgrade() {}

  static final String DESCRIPTION = "sync: children a server delete releases keep their updated_at";

  /** The guard of the touch triggers before the marker: only changes applied from the server were left alone. */
  private static final String QUIET_BEFORE = "meta_key = '" + OutboxSql.APPLYING_REMOTE + "'";

  /** {@code m} with the step that recreates the older touch triggers of its history; {@code m} when there are none. */
  static Manifest apply(Manifest m, SchemaSteps steps, List<String> notes) throws ToolException {
    if (!SyncSettings.enabled(m)) return m;
    List<String> rows = recreated(m, steps.model().of(m), Migrations.replay(m.schema(), m.schema().version()));
    if (rows.isEmpty()) return m;
    Manifest recorded = steps.record(m, m, DESCRIPTION, rows);
    notes.add("Children that a delete from the server releases (ON DELETE set null) now keep their updated_at, so under"
        + " lastWriteWins they no longer beat a newer edit made on another device. Schema step " + recorded.schema().version()
        + " recreates the touch triggers of the synced tables in installed apps; no row changes.");
    return recorded;
  }

  /** DROP and CREATE of each synced table's touch trigger that {@code replay} last created in the older form. */
  static List<String> recreated(Manifest m, DatabaseSchema schema, List<String> replay) {
    List<String> out = new ArrayList<>();
    Map<String, String> lastCreated = lastCreatedTriggers(replay);
    for (Table declared : SyncSettings.syncedTables(m)) {
      SyncedTable t = SyncSettings.synced(m, schema, declared.name());
      if (!t.timestamps()) continue;
      Table table = schema.require(declared.name());
      String name = SqlSchema.touchTriggerName(table);
      String current = SqlSchema.touchUpdatedAtTrigger(table, SyncSchema.touchGuard(t));
      String before = current.replace(SyncSchema.TOUCH_QUIET_WHILE, QUIET_BEFORE);
      if (before.equals(lastCreated.get(name))) {
        out.add("DROP TRIGGER IF EXISTS " + name);
        out.add(current);
      }
    }
    return out;
  }

  /**
   * The statement that last created each trigger in {@code replay}, by the trigger's name: one pass
   * over the history, which every load of a synced project runs (a pass per synced table made
   * loading grow with the square of the tables).
   */
  private static Map<String, String> lastCreatedTriggers(List<String> replay) {
    Map<String, String> last = new HashMap<>();
    for (String statement : replay) {
      if (!statement.startsWith(CREATE_TRIGGER)) continue;
      int end = statement.indexOf(' ', CREATE_TRIGGER.length());
      if (end > 0) last.put(statement.substring(CREATE_TRIGGER.length(), end), statement);
    }
    return last;
  }

  private static final String CREATE_TRIGGER = "CREATE TRIGGER ";
}
