package dev.driftsmith.project;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A table as the user declared it, plus the columns that options such as timestamps imply. */
public record Table(String name, List<Column> columns, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean timestamps,
                    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean softDelete, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Index> indexes,
                    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean sync,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String tracking,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) java.util.Map<String, Integer> trackingBits) {

  /** Change tracking (partial sync): a JSON list of dirty column names, or a bitmap of them. */
  public static final String FIELD_LEVEL = "field-level";
  public static final String COLUMN_BITMAP = "column-bitmap";

  public Table {
    columns = columns == null ? List.of() : List.copyOf(columns);
    indexes = indexes == null ? List.of() : List.copyOf(indexes);
    trackingBits = trackingBits == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(trackingBits));
  }

  public Table(String name, List<Column> columns, boolean timestamps, boolean softDelete, List<Index> indexes, boolean sync) {
    this(name, columns, timestamps, softDelete, indexes, sync, null, null);
  }

  /** The column that holds the dirty set, when the table tracks changes. */
  public Optional<Column> dirtyColumn() {
    if (FIELD_LEVEL.equals(tracking)) return Optional.of(new Column("dirtyFields", "text", false, false, false, false, "[]", null));
    if (COLUMN_BITMAP.equals(tracking)) return Optional.of(new Column("dirtyMask", "integer", false, false, false, false, 0L, null));
    return Optional.empty();
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
   * Bit positions for a bitmap: the recorded ones never change; a column added since gets the next
   * free bit. Returns the complete map for the current columns.
   */
  public java.util.Map<String, Integer> bits() {
    java.util.Map<String, Integer> out = new java.util.TreeMap<>(trackingBits);
    int next = out.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    for (Column c : trackedColumns()) {
      if (!out.containsKey(c.sqlName())) out.put(c.sqlName(), next++);
    }
    return out;
  }

  public Table withTracking(String strategy) {
    Table t = new Table(name, columns, timestamps, softDelete, indexes, sync, strategy, null);
    return COLUMN_BITMAP.equals(strategy) ? new Table(name, columns, timestamps, softDelete, indexes, sync, strategy, t.bits()) : t;
  }

  /** The declared columns followed by the ones that {@code timestamps}/{@code softDelete} add. */
  public List<Column> allColumns() {
    List<Column> all = new ArrayList<>(columns);
    if (timestamps) {
      all.add(Column.implicitTimestamp("createdAt"));
      all.add(Column.implicitTimestamp("updatedAt"));
    }
    if (softDelete) {
      all.add(new Column("deletedAt", "dateTime", true, false, false, false, null, null));
    }
    dirtyColumn().ifPresent(all::add);
    return all;
  }

  public Optional<Column> column(String columnName) {
    return allColumns().stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  public List<Column> primaryKey() {
    return allColumns().stream().filter(Column::primaryKey).toList();
  }

  /** The single primary-key column, when there is exactly one (id-based DAO methods need it). */
  public Optional<Column> singlePrimaryKey() {
    List<Column> pk = primaryKey();
    return pk.size() == 1 ? Optional.of(pk.get(0)) : Optional.empty();
  }

  public Table withColumns(List<Column> newColumns) {
    Table t = new Table(name, newColumns, timestamps, softDelete, indexes, sync, tracking, trackingBits);
    // New columns of a bitmap-tracked table take the next free bits; recorded bits never move.
    return COLUMN_BITMAP.equals(tracking) ? new Table(name, newColumns, timestamps, softDelete, indexes, sync, tracking, t.bits()) : t;
  }

  public Table withIndexes(List<Index> newIndexes) {
    return new Table(name, columns, timestamps, softDelete, newIndexes, sync, tracking, trackingBits);
  }

  /** This table's changes go through the sync outbox (drift_enable_sync). */
  public Table withSync(boolean value) {
    return new Table(name, columns, timestamps, softDelete, indexes, value, tracking, trackingBits);
  }

  public String className() {
    return Names.pascalCase(name);
  }

  public String dataClassName() {
    return Names.dataClassName(className());
  }

  public String companionName() {
    return className() + "Companion";
  }

  public String dartGetter() {
    return Names.camelCase(name);
  }

  public record Index(String name, List<String> columns, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean unique) {
    public Index {
      columns = columns == null ? List.of() : List.copyOf(columns);
    }
  }
}
