package dev.driftsmith.feature.search;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.OwnTable;
import dev.driftsmith.schema.SchemaContributor;
import dev.driftsmith.schema.SchemaObject;
import java.util.List;

/** The FTS5 index of each searched table and the triggers that keep it current, from the search settings. */
final class SearchSchema implements SchemaContributor {
  /** The index and FTS5's shadow tables of every table, whether it is searched yet or not. */
  @Override
  public List<OwnTable> ownTables(Manifest m) {
    return m.schema().tables().stream().flatMap(t -> SearchSql.indexTableNames(t).stream())
        .map(name -> new OwnTable(name, "full-text search")).toList();
  }

  @Override
  public List<SchemaObject> objectsOn(Manifest m, Table table) {
    // Columns the table lacks are left out here; the manifest check names them.
    return FullTextSearchConfig.of(m).flatMap(search -> search.tables().stream()
            .filter(st -> st.tableName().equals(table.name())).findFirst()
            .map(st -> st.searchableColumns().stream().flatMap(name -> table.column(name).stream()).toList())
            .filter(columns -> !columns.isEmpty())
            .map(columns -> SearchSql.objects(table, columns, search.language())))
        .orElse(List.of());
  }
}
