package dev.driftsmith.tool;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;

/** The shared checks that a named table or column exists, with the messages every tool gives. */
public final class Tables {
  private Tables() {}

  /** For tools that configure existing tables: a project without tables is pointed at drift_add_table. */
  public static void requireSome(Manifest m) throws ToolException {
    if (m.schema().tables().isEmpty()) {
      throw new ToolException("projectId", "the project has no tables yet; add one with drift_add_table first");
    }
  }

  public static Table require(Manifest m, String field, String name) throws ToolException {
    if (m == null) throw new IllegalStateException("table parameter read without a project: " + field);
    return m.schema().table(name).orElseThrow(() -> new ToolException(field, "no table '" + name
        + "' in the project; existing tables: " + m.schema().tables().stream().map(Table::name).toList()
        + ". Create it first with drift_add_table"));
  }

  public static Column requireColumn(Table t, String field, String name) throws ToolException {
    return t.column(name).orElseThrow(() -> new ToolException(field, "table '" + t.name() + "' has no column '" + name
        + "'; its columns: " + t.allColumns().stream().map(Column::name).toList()));
  }
}
