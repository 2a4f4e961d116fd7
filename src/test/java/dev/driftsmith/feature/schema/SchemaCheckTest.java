package dev.driftsmith.feature.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.testing.Schemas;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A manifest's tables are checked as drift_add_table checks them; what depends on a table alone is
 * not worked out again for a table checked before, and what depends on the tables before it still is.
 */
class SchemaCheckTest {
  private final SchemaSteps steps = Schemas.steps();

  /** A new instance on every call, as every load of driftsmith.yaml makes. */
  private static Table table(String name, Table.Index... indexes) {
    return new Table(name, List.of(new Column("id", ColumnType.INTEGER, false, true, true, false, null, null),
        new Column("title", ColumnType.TEXT, false, false, false, false, null, null)), true, false, List.of(indexes));
  }

  private static Table.Index index(String name) {
    return new Table.Index(name, List.of("title"), false);
  }

  private List<ManifestProblem> problems(Table... tables) {
    return SchemaCheck.problems(Schemas.manifest(tables), steps);
  }

  @Test
  void aTableCheckedBeforeIsNotReadAgain() {
    assertEquals(List.of(), problems(table("read_a"), table("read_b"), table("read_c")));
    long before = SchemaCheck.tablesChecked();
    assertEquals(List.of(), problems(table("read_a"), table("read_b"), table("read_c"), table("read_d")));
    assertEquals(1, SchemaCheck.tablesChecked() - before, "only the added table is read");
  }

  @Test
  void aTableCheckedBeforeIsStillCheckedAgainstTheTablesBeforeIt() {
    assertEquals(List.of(), problems(table("clash_a"), table("clash_b", index("clash_b_title"))));
    long before = SchemaCheck.tablesChecked();
    List<ManifestProblem> indexTaken = problems(table("clash_b_title"), table("clash_b", index("clash_b_title")));
    assertEquals(List.of("schema.tables[1].indexes[0].name"), indexTaken.stream().map(ManifestProblem::field).toList());
    assertEquals("'clash_b_title' must be a snake_case name not used by another table or index", indexTaken.get(0).message());
    List<ManifestProblem> nameTaken = problems(table("clash_b"), table("clash_b", index("clash_b_title")));
    assertEquals(List.of("schema.tables[1].name"), nameTaken.stream().map(ManifestProblem::field).toList());
    assertEquals(2, SchemaCheck.tablesChecked() - before, "the second table's own checks were not run again");
  }

  @Test
  void aTableWithABadColumnIsRefusedEveryTime() {
    Table bad = new Table("bad_auto", List.of(new Column("id", ColumnType.TEXT, false, true, true, false, null, null)), false, false,
        List.of());
    Manifest m = Schemas.manifest(table("bad_first"), bad);
    List<ManifestProblem> first = SchemaCheck.problems(m, steps);
    assertEquals(List.of("schema.tables[1].columns[0].autoIncrement"), first.stream().map(ManifestProblem::field).toList());
    assertEquals(first, SchemaCheck.problems(Schemas.manifest(table("bad_first"), bad), steps));
  }
}
