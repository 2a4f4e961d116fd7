package dev.driftsmith.feature.sync;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.Table;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A synced table as the database has it ({@code table} carries every column, the dirty set
 * included), with its change tracking when it has partial sync.
 */
public record SyncedTable(Table table, Tracking tracking, Map<String, Integer> recordedBits) {
  public SyncedTable {
    recordedBits = recordedBits == null ? Map.of() : Map.copyOf(recordedBits);
  }

  public static SyncedTable plain(Table table) {
    return new SyncedTable(table, null, Map.of());
  }

  /** The column that holds the dirty set of a tracked table. */
  static Optional<Column> dirtyColumnFor(Tracking tracking) {
    if (tracking == Tracking.FIELD_LEVEL) return Optional.of(new Column("dirtyFields", "text", false, false, false, false, "[]", null));
    if (tracking == Tracking.COLUMN_BITMAP) return Optional.of(new Column("dirtyMask", "integer", false, false, false, false, 0L, null));
    return Optional.empty();
  }

  public String name() {
    return table.name();
  }

  public List<Column> allColumns() {
    return table.allColumns();
  }

  public List<Column> primaryKey() {
    return table.primaryKey();
  }

  public Optional<Column> singlePrimaryKey() {
    return table.singlePrimaryKey();
  }

  public Optional<Column> column(String name) {
    return table.column(name);
  }

  public boolean timestamps() {
    return table.timestamps();
  }

  public Optional<Column> dirtyColumn() {
    return dirtyColumnFor(tracking);
  }

  /** The columns whose changes are tracked and synced as deltas: all but the key and the dirty set. */
  public List<Column> trackedColumns() {
    String dirty = dirtyColumn().map(Column::name).orElse(null);
    return allColumns().stream().filter(c -> !c.primaryKey() && !c.name().equals(dirty)).toList();
  }

  /** The columns that travel to the server: all but the local dirty set. */
  public List<Column> syncedColumns() {
    String dirty = dirtyColumn().map(Column::name).orElse(null);
    return allColumns().stream().filter(c -> !c.name().equals(dirty)).toList();
  }

  /**
   * Bit positions of a bitmap: the recorded ones never change; a column added since takes the next
   * free bit, in column order, so the assignment is the same on every run.
   */
  public Map<String, Integer> bits() {
    Map<String, Integer> out = new TreeMap<>(recordedBits);
    int next = out.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    for (Column c : trackedColumns()) {
      if (!out.containsKey(c.sqlName())) out.put(c.sqlName(), next++);
    }
    return out;
  }
}
