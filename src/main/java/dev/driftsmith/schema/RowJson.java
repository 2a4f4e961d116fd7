package dev.driftsmith.schema;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.Table;
import dev.driftsmith.render.SqlCode;
import java.util.ArrayList;
import java.util.List;

/**
 * A row as one JSON object keyed by SQL column name, as an SQL expression a trigger or a query
 * evaluates ({@code json_object('id', NEW."id", 'title', NEW."title")}). JSON has no booleans-as-
 * integers and no bytes, so each stored type is converted the same way wherever a row becomes JSON
 * (the audit log's before and after values, sync's payloads): booleans as JSON {@code true} and
 * {@code false}, blobs as hex text, and every other value as SQLite stores it (integers, reals, text,
 * and date-times as their ISO-8601 text). A NULL stays a JSON {@code null}.
 */
public final class RowJson {
  private RowJson() {}

  /**
   * How the expression is spelled. Triggers installed on devices must keep their exact SQL (an
   * upgrade through the recorded steps is proven to give the fresh-install schema, statement for
   * statement), so a spelling stays as it was first released; new features use {@link #QUOTED}.
   */
  public enum Spelling {
    /** {@code NEW."done"}; a boolean other than 0 or 1 (drift's CHECK admits none) kept as stored. */
    QUOTED,
    /** {@code NEW.done}; a boolean other than 0 or 1 as NULL. The sync payloads' spelling. */
    BARE
  }

  /** What a column's value becomes before its type is converted, e.g. a foreign key as the parent's record id. */
  @FunctionalInterface
  public interface ColumnValue {
    ColumnValue AS_STORED = (column, value) -> value;

    String of(Column column, String value);
  }

  /** Every column of {@code t} (as the database has it) of row {@code row} ({@code NEW}, {@code OLD} or an alias). */
  public static String of(Table t, String row) {
    return of(t.allColumns(), row, Spelling.QUOTED, ColumnValue.AS_STORED);
  }

  /** {@code columns} of row {@code row}, each value first passed through {@code value}. */
  public static String of(List<Column> columns, String row, Spelling spelling, ColumnValue value) {
    List<String> parts = new ArrayList<>();
    for (Column c : columns) {
      String name = spelling == Spelling.QUOTED ? SqlSchema.quote(c.sqlName()) : c.sqlName();
      parts.add(SqlCode.string(c.sqlName()) + ", " + converted(c, value.of(c, row + "." + name), spelling));
    }
    return "json_object(" + String.join(", ", parts) + ")";
  }

  private static String converted(Column c, String ref, Spelling spelling) {
    return switch (c.type()) {
      case BOOLEAN -> "CASE " + ref + " WHEN 1 THEN json('true') WHEN 0 THEN json('false')"
          + (spelling == Spelling.QUOTED ? " ELSE " + ref : "") + " END";
      case BLOB -> "CASE WHEN " + ref + " IS NULL THEN NULL ELSE hex(" + ref + ") END";
      default -> ref;
    };
  }
}
