package dev.driftsmith.feature.search;

import dev.driftsmith.feature.search.FullTextSearchConfig.SearchTable;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.FeatureTool;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
final class EnableFullTextSearchTool extends FeatureTool {
  static final About ABOUT = new About("drift_enable_full_text_search", "Enable full-text search",
      "Full-text search (FTS5) over text columns: indexes kept by triggers, ranked, prefix and highlighted results, safe queries.",
      Hints.GENERATES);

  /** One searched table with the columns it indexes, and where it was named (for messages about the list). */
  record Searched(Table table, List<Column> columns, String field) {}

  static final Param<Table> TABLE_NAME = Param.table("tableName").required().check(EnableFullTextSearchTool::checkTable);
  static final Param<List<Column>> COLUMNS = Param.strings("searchableColumns").required()
      .as((names, field, v) -> columns(v.get(TABLE_NAME), names, field))
      .required().describe("Most important first");
  static final Param<List<Searched>> TABLES = Param.list("tables", Params.of(TABLE_NAME, COLUMNS),
          v -> new Searched(v.get(TABLE_NAME), v.get(COLUMNS), v.field(TABLE_NAME)))
      .required().check(EnableFullTextSearchTool::checkTables).nonEmpty()
      .describe("The full set; others lose their index");
  static final Param<SearchLanguage> LANGUAGE = Param.choice("language", SearchLanguage.class).required()
      .describe("english/porter: stemming; unicode61: as written");
  static final Param<Boolean> HIGHLIGHT = Param.bool("enableHighlight").required()
      .describe("Marked matches and snippets");
  /** The parameters; the configuration is stored with the same fields, so a hand edit is read with them too. */
  static final Params STORED = Params.of(TABLES, LANGUAGE, HIGHLIGHT);

  EnableFullTextSearchTool() {
    super(ABOUT, STORED);
  }

  @Override
  protected boolean onExistingTables() {
    return true;
  }

  @Override
  protected Manifest change(Manifest m, Values v, Change change) throws ToolException {
    Map<String, List<Column>> requested = new LinkedHashMap<>();
    for (Searched s : v.get(TABLES)) requested.put(s.table().name(), s.columns());
    SearchLanguage language = v.get(LANGUAGE);
    boolean highlight = v.get(HIGHLIGHT);

    // Schema order, so the same set of tables in another order is the same configuration.
    List<SearchTable> tables = new ArrayList<>();
    for (Table t : m.schema().tables()) {
      List<Column> columns = requested.get(t.name());
      if (columns != null) tables.add(new SearchTable(t.name(), columns.stream().map(Column::name).toList()));
    }
    FullTextSearchConfig search = new FullTextSearchConfig(language, highlight, tables);
    Manifest next = change.record(m, m.with(FullTextSearchConfig.KEY, search), "full-text search: "
        + tables.stream().map(SearchTable::tableName).collect(Collectors.joining(", ")) + " (" + language + ")");
    if (next.schema().version() == m.schema().version()) {
      change.note("The search indexes already match this configuration; no schema change.");
    } else {
      change.note("New and changed indexes are filled from the rows already stored when the app upgrades (FTS5 'rebuild').");
    }
    change.note("Search with " + tables.stream().map(t -> SearchFeature.searchClass(m.schema().table(t.tableName()).orElseThrow()))
        .collect(Collectors.joining(", ")) + " in lib/data/search/full_text_search.dart.");
    return next;
  }

  private static void checkTables(List<Searched> tables, String field, Values v) throws ToolException {
    if (tables.isEmpty()) {
      throw new ToolException(field, "name at least one table, e.g. [{\"tableName\": \""
          + v.manifest().schema().tables().get(0).name() + "\", \"searchableColumns\": [...]}]");
    }
    Set<String> seen = new HashSet<>();
    for (Searched s : tables) {
      if (!seen.add(s.table().name())) throw new ToolException(s.field(), "table '" + s.table().name() + "' is listed twice");
    }
  }

  /** A table FTS5 can index: a single integer key, and the names of its index tables free. */
  private static void checkTable(Table t, String field, Values v) throws ToolException {
    boolean integerKey = t.singlePrimaryKey().map(c -> c.type() == ColumnType.INTEGER).orElse(false);
    if (!integerKey) {
      String key = t.primaryKey().stream().map(c -> c.name() + " (" + c.type() + ")").collect(Collectors.joining(", "));
      throw new ToolException(field, "table '" + t.name() + "' has the primary key " + (key.isEmpty() ? "(none)" : key)
          + "; full-text search indexes rows by a single integer primary key (FTS5 content_rowid), which this table lacks");
    }
    for (String taken : SearchSql.indexTableNames(t)) {
      if (v.manifest().schema().table(taken).isPresent()) {
        throw new ToolException(field, "its search index needs the table name '" + taken + "', which is already a table");
      }
    }
  }

  private static List<Column> columns(Table t, List<String> names, String listField) throws ToolException {
    List<String> textColumns = t.allColumns().stream().filter(c -> c.type() == ColumnType.TEXT).map(Column::name).toList();
    if (names.isEmpty()) {
      throw new ToolException(listField, "name at least one text column of '" + t.name() + "'; its text columns: " + textColumns);
    }
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String field = listField + "[" + i + "]";
      String name = names.get(i);
      Column c = t.column(name).orElseThrow(() -> new ToolException(field, "table '" + t.name() + "' has no column '" + name
          + "' (columns are camelCase, as declared); its text columns: " + textColumns));
      if (c.type() != ColumnType.TEXT) {
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
