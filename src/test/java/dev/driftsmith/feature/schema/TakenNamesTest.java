package dev.driftsmith.feature.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.Table;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A new table's name meets the first table in its way, as comparing it with each table in order finds it. */
class TakenNamesTest {
  private static Table table(String name) {
    return new Table(name, List.of(Column.autoIncrementKey("id"), Column.of("title", ColumnType.TEXT)), false, false, List.of());
  }

  /** The rule as it reads: each table in order, the same name first, then the Dart classes. */
  private static Optional<TakenNames.Conflict> inOrder(List<Table> tables, String name) {
    String cls = Names.pascalCase(name);
    for (Table t : tables) {
      if (t.name().equals(name)) return Optional.of(new TakenNames.Conflict(t, true));
      if (t.dataClassName().equals(Names.dataClassName(cls)) || t.className().equals(Names.dataClassName(cls))
          || t.dataClassName().equals(cls)) {
        return Optional.of(new TakenNames.Conflict(t, false));
      }
    }
    return Optional.empty();
  }

  @Test
  void theFirstTableInTheWayIsFoundAsInOrder() {
    List<Table> tables = List.of(table("todo_items"), table("people"), table("todo_item"), table("person"), table("categories"),
        table("notes"));
    TakenNames taken = TakenNames.of(tables);
    for (String name : List.of("todo_items", "todo_item", "person", "people", "persons", "category", "categories", "note",
        "notes", "tags", "todo_itemses")) {
      assertEquals(inOrder(tables, name), taken.conflict(name, Names.pascalCase(name)), name);
    }
    assertEquals(Optional.of(new TakenNames.Conflict(tables.get(5), true)), taken.conflict("notes", "Notes"));
  }
}
