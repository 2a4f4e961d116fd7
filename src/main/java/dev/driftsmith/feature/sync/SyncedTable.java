package dev.driftsmith.feature.sync;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A synced table as the database has it ({@code table} carries every column, the dirty set and the
 * global record id included), with its change tracking when it has partial sync, how its rows are
 * identified across devices, and the synced parents its foreign keys point at ({@code parents},
 * keyed by the SQL name of the referencing column).
 *
 * <p>Record ids and foreign keys travel as global ids. A reference to a synced parent is written
 * into payloads as the parent's record id and read back from pulled data to the local key, always in
 * SQL ({@link #toRecordId}, {@link #fromRecordId}), so a child created offline on one device points
 * at the right parent on another, whose local key for it differs.
 */
public record SyncedTable(Table table, Tracking tracking, Map<String, Integer> recordedBits, Identity identity,
                          Map<String, Parent> parents) {
  /** The column that holds the global record id of a table with an integer key. */
  public static final String SYNC_ID = "sync_id";

  /**
   * Keeps, while a parent row is being deleted, its record id under this prefix in sync_meta: the
   * triggers of children that ON DELETE CASCADE or SET NULL removes or changes fire after the
   * parent's row is gone, and must still name it.
   */
  static final String DYING = "dying:";

  /** How a synced table's rows are identified across devices. */
  public enum Identity {
    /** An integer key: the {@code sync_id} column, a UUID SQLite sets on insert. */
    SYNC_ID,
    /** A single text key, global already: the key itself. */
    OWN_KEY,
    /** A composite key: a JSON array of its columns, each reference given as the parent's record id. */
    COMPOSITE_KEY,
    /** Protocol 1, kept to describe apps installed before global ids: the local key as text. */
    LOCAL_KEY
  }

  /**
   * A synced table that a foreign key points at: {@code column} is the referenced column, and the
   * parent's record id is in {@code recordIdColumn} (sync_id, or its text key).
   */
  public record Parent(String table, String column, String recordIdColumn) {
    boolean referencesRecordId() {
      return column.equals(recordIdColumn);
    }
  }

  public SyncedTable {
    recordedBits = recordedBits == null ? Map.of() : Map.copyOf(recordedBits);
    parents = parents == null ? Map.of() : Map.copyOf(parents);
    if (identity == null) identity = identityOf(table);
  }

  /** A table without synced parents, its identity read from its columns. */
  public SyncedTable(Table table, Tracking tracking, Map<String, Integer> recordedBits) {
    this(table, tracking, recordedBits, null, Map.of());
  }

  public static SyncedTable plain(Table table) {
    return new SyncedTable(table, null, Map.of());
  }

  /** The identity a table's columns give it: sync_id when it has one, else its key. */
  static Identity identityOf(Table table) {
    if (table.column("syncId").isPresent()) return Identity.SYNC_ID;
    List<Column> pk = table.primaryKey();
    if (pk.size() > 1) return Identity.COMPOSITE_KEY;
    if (pk.size() == 1 && pk.get(0).type() == ColumnType.TEXT) return Identity.OWN_KEY;
    return Identity.LOCAL_KEY;
  }

  /** Whether a declared table gets a {@code sync_id} column when it syncs: it has a single key that is not text. */
  static boolean needsSyncId(Table declared) {
    List<Column> pk = declared.primaryKey();
    return pk.size() == 1 && pk.get(0).type() != ColumnType.TEXT;
  }

  /** The global record id column: unique, never null, a UUID made by SQLite on insert whatever code path inserts. */
  static Column syncIdColumn() {
    return new Column("syncId", ColumnType.TEXT, false, false, false, true, Column.UUID, null);
  }

  /** The column that holds the dirty set of a tracked table. */
  static Optional<Column> dirtyColumnFor(Tracking tracking) {
    if (tracking == Tracking.FIELD_LEVEL) return Optional.of(new Column("dirtyFields", ColumnType.TEXT, false, false, false, false, "[]", null));
    if (tracking == Tracking.COLUMN_BITMAP) return Optional.of(new Column("dirtyMask", ColumnType.INTEGER, false, false, false, false, 0L, null));
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

  /** Whether record ids are global (protocol 2), not the local keys of protocol 1. */
  public boolean globalIds() {
    return identity != Identity.LOCAL_KEY;
  }

  /** The columns whose changes are tracked and synced as deltas: the data columns but the key. */
  public List<Column> trackedColumns() {
    return syncedColumns().stream().filter(c -> !c.primaryKey()).toList();
  }

  /**
   * The columns that travel in a record's data: all but the local dirty set, and, for a table
   * identified by sync_id, but the record id itself and the local integer key (a device's own
   * numbering, which means nothing on another device).
   */
  public List<Column> syncedColumns() {
    String dirty = dirtyColumn().map(Column::name).orElse(null);
    return allColumns().stream().filter(c -> !c.name().equals(dirty))
        .filter(c -> identity != Identity.SYNC_ID || !(c.primaryKey() || c.sqlName().equals(SYNC_ID)))
        .toList();
  }

  /** The record id of row {@code row} (NEW, OLD or a table alias) as an SQL expression. */
  public String recordId(String row) {
    List<Column> pk = primaryKey();
    return switch (identity) {
      case SYNC_ID -> row + "." + SYNC_ID;
      case OWN_KEY -> row + "." + pk.get(0).sqlName();
      case COMPOSITE_KEY -> "json_array(" + pk.stream().map(c -> toRecordId(c, row + "." + c.sqlName()))
          .collect(Collectors.joining(", ")) + ")";
      case LOCAL_KEY -> pk.size() == 1 ? "CAST(" + row + "." + pk.get(0).sqlName() + " AS TEXT)"
          : "json_array(" + pk.stream().map(c -> row + "." + c.sqlName()).collect(Collectors.joining(", ")) + ")";
    };
  }

  /**
   * Local value {@code value} of column {@code c} as it travels: a reference to a synced parent
   * becomes the parent's record id (also while the parent row is being deleted); other values stay.
   */
  public String toRecordId(Column c, String value) {
    Parent p = parents.get(c.sqlName());
    if (p == null || p.referencesRecordId()) return value;
    return "coalesce((SELECT x." + p.recordIdColumn() + " FROM " + p.table() + " x WHERE x." + p.column() + " = " + value + "), "
        + "(SELECT meta_value FROM " + OutboxSql.META + " WHERE meta_key = '" + DYING + p.table() + ":' || " + value + "))";
  }

  /** Travelling value {@code value} of column {@code c} as stored here: a parent's record id becomes its local key. */
  public String fromRecordId(Column c, String value) {
    Parent p = parents.get(c.sqlName());
    if (p == null || p.referencesRecordId()) return value;
    return "(SELECT x." + p.column() + " FROM " + p.table() + " x WHERE x." + p.recordIdColumn() + " = " + value + ")";
  }

  /** Whether no row of the parent that column {@code c} points at has record id {@code recordId}. */
  String parentMissing(Column c, String recordId) {
    Parent p = parents.get(c.sqlName());
    return recordId + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + p.table() + " x WHERE x." + p.recordIdColumn()
        + " = " + recordId + ")";
  }

  /** The columns that reference a synced parent, in column order. */
  public List<Column> parentColumns() {
    List<Column> out = new ArrayList<>();
    for (Column c : allColumns()) if (parents.containsKey(c.sqlName())) out.add(c);
    return out;
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
