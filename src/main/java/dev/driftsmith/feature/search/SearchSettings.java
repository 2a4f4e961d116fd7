package dev.driftsmith.feature.search;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The configuration of drift_enable_full_text_search, as the manifest stores it under {@code features}. */
public final class SearchSettings {
  private SearchSettings() {}

  public static final String KEY = "fullTextSearch";

  /** {@code tables} in the order of the schema's tables; columns in the order given (their FTS5 column index). */
  public record Search(String language, boolean enableHighlight, List<SearchTable> tables) {
    public Search {
      tables = tables == null ? List.of() : List.copyOf(tables);
    }
  }

  /** A searched table and its searchable text columns (camelCase, as in the manifest). */
  public record SearchTable(String tableName, List<String> searchableColumns) {
    public SearchTable {
      searchableColumns = searchableColumns == null ? List.of() : List.copyOf(searchableColumns);
    }
  }

  /** A searched table resolved against the schema. */
  public record Searched(Table table, List<Column> columns) {}

  public static Optional<Search> read(Manifest m) {
    return m.feature(KEY, Search.class);
  }

  static Manifest put(Manifest m, Search search) {
    return m.withFeatureConfig(KEY, search);
  }

  /** The configured tables with their columns, skipping anything the schema no longer has. */
  public static List<Searched> resolve(Manifest m, Search search) {
    List<Searched> out = new ArrayList<>();
    for (SearchTable st : search.tables()) {
      Optional<Table> table = m.schema().table(st.tableName());
      if (table.isEmpty()) continue;
      List<Column> columns = new ArrayList<>();
      for (String name : st.searchableColumns()) table.get().column(name).ifPresent(columns::add);
      if (!columns.isEmpty()) out.add(new Searched(table.get(), columns));
    }
    return out;
  }
}
