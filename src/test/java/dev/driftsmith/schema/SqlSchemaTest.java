package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A table's CREATE TABLE is built once for equal tables, as every load of a manifest makes them anew. */
class SqlSchemaTest {
  private static Table notes(ColumnType title) {
    return new Table("sql_notes", List.of(new Column("id", ColumnType.INTEGER, false, true, true, false, null, null),
        new Column("title", title, false, false, false, false, null, null)), true, false, List.of());
  }

  @Test
  void anEqualTableGetsTheStatementBuiltBefore() {
    String first = SqlSchema.createTable(notes(ColumnType.TEXT));
    assertTrue(first == SqlSchema.createTable(notes(ColumnType.TEXT)), "built once");
    String other = SqlSchema.createTable(notes(ColumnType.INTEGER));
    assertTrue(other.contains("\"title\" INTEGER"), other);
  }
}
