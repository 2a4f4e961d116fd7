package dev.driftsmith.feature.search;

import dev.driftsmith.feature.search.SearchSettings.Search;
import dev.driftsmith.feature.search.SearchSettings.SearchTable;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.JsonSchemas;
import dev.driftsmith.tool.NamedManifestTool;
import dev.driftsmith.tool.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * drift_enable_full_text_search: FTS5 indexes kept in sync by triggers, declared in
 * {@code search.drift}, and a search class per table. The call states the whole configuration:
 * tables whose index is unchanged are left alone, the others are replaced in one schema step that
 * also indexes their existing rows; the same call twice changes nothing.
 */
final class EnableFullTextSearchTool extends NamedManifestTool {
  EnableFullTextSearchTool() {
    super("drift_enable_full_text_search",
        "Full-text search (SQLite FTS5) over text columns: an index per table kept current by triggers, ranked results (bm25), "
            + "prefix search as you type, optional highlights and snippets, and a sanitiser that makes any typed text a safe query. "
            + "Call again with another configuration to replace it.");
  }

  @Override
  protected void declare(JsonSchemas s) {
    JsonSchemas table = JsonSchemas.object()
        .required("tableName", JsonSchemas.string("a table with a single integer primary key"))
        .required("searchableColumns", JsonSchemas.arrayOf(JsonSchemas.string("text column (camelCase, e.g. title)"),
            "text columns to index, most important first (their order is the FTS5 column order)"));
    s.required("tables", JsonSchemas.arrayOf(JsonSchemas.nested(table, "a searched table"),
        "every table to search (the full set: tables left out lose their index)"));
    s.required("language", JsonSchemas.enumOf("english/porter: English stemming ('running' finds 'run'); unicode61: words as written, any language",
        SearchSql.LANGUAGES));
    s.required("enableHighlight", JsonSchemas.bool("also return each searched column with matches marked, and a snippet"));
  }

  @Override
  protected Manifest change(Manifest m, Args args, Change change) throws ToolException {
    List<String> notes = change.notes();
    Tables.requireSome(m);
    Map<String, List<Column>> requested = parseTables(m, args);
    String language = args.enumValue("language", SearchSql.LANGUAGES, null);
    boolean highlight = highlight(args);

    // Schema order, so the same set of tables in another order is the same configuration.
    List<SearchTable> tables = new ArrayList<>();
    for (Table t : m.schema().tables()) {
      List<Column> columns = requested.get(t.name());
      if (columns != null) tables.add(new SearchTable(t.name(), columns.stream().map(Column::name).toList()));
    }
    Search search = new Search(language, highlight, tables);
    Manifest next = change.record(m, SearchSettings.put(m, search), "full-text search: "
        + tables.stream().map(SearchTable::tableName).collect(Collectors.joining(", ")) + " (" + language + ")");
    if (next.schema().version() == m.schema().version()) {
      notes.add("The search indexes already match this configuration; no schema change.");
    } else {
      notes.add("New and changed indexes are filled from the rows already stored when the app upgrades (FTS5 'rebuild').");
    }
    notes.add("Search with " + tables.stream().map(t -> SearchFeature.searchClass(m.schema().table(t.tableName()).orElseThrow()))
        .collect(Collectors.joining(", ")) + " in lib/data/search/full_text_search.dart.");
    return next;
  }

  private static boolean highlight(Args args) throws ToolException {
    if (!args.has("enableHighlight")) throw new ToolException(args.field("enableHighlight"), "is required (true or false)");
    return args.bool("enableHighlight", false);
  }

  /** Table name → its searchable columns, validated; every message names the field. */
  static Map<String, List<Column>> parseTables(Manifest m, Args args) throws ToolException {
    List<Args> items = args.objects("tables", true);
    if (items.isEmpty()) {
      throw new ToolException(args.field("tables"), "name at least one table, e.g. [{\"tableName\": \""
          + m.schema().tables().get(0).name() + "\", \"searchableColumns\": [...]}]");
    }
    Map<String, List<Column>> out = new LinkedHashMap<>();
    for (Args item : items) {
      item.only(Set.of("tableName", "searchableColumns"));
      String field = item.field("tableName");
      Table t = Tables.require(m, field, item.string("tableName"));
      if (out.containsKey(t.name())) throw new ToolException(field, "table '" + t.name() + "' is listed twice");
      boolean integerKey = t.singlePrimaryKey().map(c -> "integer".equals(c.type())).orElse(false);
      if (!integerKey) {
        String key = t.primaryKey().stream().map(c -> c.name() + " (" + c.type() + ")").collect(Collectors.joining(", "));
        throw new ToolException(field, "table '" + t.name() + "' has the primary key " + (key.isEmpty() ? "(none)" : key)
            + "; full-text search indexes rows by a single integer primary key (FTS5 content_rowid), which this table lacks");
      }
      String fts = SearchSql.ftsTable(t);
      for (String taken : SearchSql.indexTableNames(t)) {
        if (m.schema().table(taken).isPresent()) {
          throw new ToolException(field, "its search index needs the table name '" + taken + "', which is already a table");
        }
      }
      out.put(t.name(), parseColumns(t, item));
    }
    return out;
  }

  private static List<Column> parseColumns(Table t, Args item) throws ToolException {
    List<String> textColumns = t.allColumns().stream().filter(c -> "text".equals(c.type())).map(Column::name).toList();
    List<String> names = item.strings("searchableColumns", true);
    if (names.isEmpty()) {
      throw new ToolException(item.field("searchableColumns"), "name at least one text column of '" + t.name() + "'; its text columns: " + textColumns);
    }
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String field = item.field("searchableColumns") + "[" + i + "]";
      String name = names.get(i);
      Column c = t.column(name).orElseThrow(() -> new ToolException(field, "table '" + t.name() + "' has no column '" + name
          + "' (columns are camelCase, as declared); its text columns: " + textColumns));
      if (!"text".equals(c.type())) {
        throw new ToolException(field, "'" + t.name() + "." + name + "' is a " + c.type()
            + " column; only text columns can be searched: " + textColumns);
      }
      if (columns.contains(c)) throw new ToolException(field, "'" + name + "' is listed twice");
      if (SearchSql.reservedColumnNames(t).contains(c.sqlName())) {
        throw new ToolException(field, "FTS5 reserves the name '" + c.sqlName() + "' for itself, so this column cannot be indexed");
      }
      columns.add(c);
    }
    return columns;
  }
}
