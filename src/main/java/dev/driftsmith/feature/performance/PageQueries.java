package dev.driftsmith.feature.performance;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.DateTimeSql;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The page queries of one table. Keyset pages order by a sort column and break ties on the
 * primary key, so rows with equal sort values are each returned exactly once; they compare raw
 * stored values, never values converted back from Dart.
 */
public record PageQueries(Table table, List<Column> keyColumns, boolean descending) {

  /** Newest first for tables with timestamps, else by primary key. Null for composite keys. */
  public static PageQueries of(Table t) {
    if (t.singlePrimaryKey().isEmpty()) return null;
    Column pk = t.singlePrimaryKey().get();
    if (t.timestamps()) return new PageQueries(t, List.of(t.column("createdAt").orElseThrow(), pk), true);
    return new PageQueries(t, List.of(pk), false);
  }

  private String where(String condition) {
    List<String> parts = new ArrayList<>();
    if (table.softDelete()) parts.add("deleted_at IS NULL");
    if (condition != null) parts.add(condition);
    return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
  }

  /**
   * A key column as compared: date-times through julianday(), because rows hold them as text in
   * more than one form (ISO-8601 with Z or with an offset, and values from a server), which do not
   * sort by time as strings. The cursor keeps the raw stored text.
   */
  private static String sortable(Column c, String value) {
    return c.type() == ColumnType.DATE_TIME ? DateTimeSql.instant(value) : value;
  }

  private String orderBy() {
    String direction = descending ? " DESC" : "";
    return " ORDER BY " + keyColumns.stream().map(c -> sortable(c, c.sqlName()) + direction).collect(Collectors.joining(", "));
  }

  /** Page by position: ?1 rows after skipping ?2. */
  public String offsetPage() {
    return "SELECT * FROM " + table.name() + where(null) + orderBy() + " LIMIT ?1 OFFSET ?2";
  }

  /** The first keyset page: ?1 rows. */
  public String firstPage() {
    return "SELECT * FROM " + table.name() + where(null) + orderBy() + " LIMIT ?1";
  }

  /** The keyset page after the row whose key values are ?1..?n, at most ?(n+1) rows. */
  public String pageAfter() {
    String columns = keyColumns.stream().map(c -> sortable(c, c.sqlName())).collect(Collectors.joining(", "));
    List<String> params = new ArrayList<>();
    for (int i = 1; i <= keyColumns.size(); i++) params.add(sortable(keyColumns.get(i - 1), "?" + i));
    String op = descending ? " < " : " > ";
    String condition = keyColumns.size() == 1 ? columns + op + params.get(0)
        : "(" + columns + ")" + op + "(" + String.join(", ", params) + ")";
    return "SELECT * FROM " + table.name() + where(condition) + orderBy() + " LIMIT ?" + (keyColumns.size() + 1);
  }

  public List<String> keyNames() {
    return keyColumns.stream().map(Column::sqlName).toList();
  }
}
