package dev.driftsmith.feature.search;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * drift_enable_full_text_search's settings, under {@code features.fullTextSearch}: how words are
 * split and stemmed, whether matches are highlighted, and the searched tables, in the order of the
 * schema's tables; each table's columns in the order given (their FTS5 column index).
 */
public record FullTextSearchConfig(SearchLanguage language, boolean enableHighlight, List<SearchTable> tables) {
  public static final FeatureKey<FullTextSearchConfig> KEY = FeatureKey.of("fullTextSearch", FullTextSearchConfig.class);

  public FullTextSearchConfig {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }

  /** A searched table and its searchable text columns (camelCase, as in the manifest). */
  public record SearchTable(String tableName, List<String> searchableColumns) {
    public SearchTable {
      searchableColumns = searchableColumns == null ? List.of() : List.copyOf(searchableColumns);
    }
  }

  /** A searched table resolved against the schema. */
  public record Searched(Table table, List<Column> columns) {}

  public static Optional<FullTextSearchConfig> of(Manifest m) {
    return m.get(KEY);
  }

  /** The configured tables with their columns, skipping anything the schema of {@code m} no longer has. */
  public List<Searched> resolve(Manifest m) {
    List<Searched> out = new ArrayList<>();
    for (SearchTable st : tables) {
      Optional<Table> table = m.schema().table(st.tableName());
      if (table.isEmpty()) continue;
      List<Column> columns = new ArrayList<>();
      for (String name : st.searchableColumns()) table.get().column(name).ifPresent(columns::add);
      if (!columns.isEmpty()) out.add(new Searched(table.get(), columns));
    }
    return out;
  }
}
