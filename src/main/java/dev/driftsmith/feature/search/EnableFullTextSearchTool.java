package dev.driftsmith.feature.search;

import dev.driftsmith.feature.schema.SchemaRules;
import dev.driftsmith.feature.schema.SchemaSteps;
import dev.driftsmith.feature.search.SearchSettings.Search;
import dev.driftsmith.feature.search.SearchSettings.SearchTable;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.SchemaObject;
import dev.driftsmith.project.Table;
import dev.driftsmith.tool.JsonSchemas;
import dev.driftsmith.tool.NamedManifestTool;
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
  protected Manifest change(Manifest m, Args args, List<String> notes) throws ToolException {
    SchemaRules.requireTables(m);
    Map<String, List<Column>> requested = parseTables(m, args);
    String language = args.enumValue("language", SearchSql.LANGUAGES, null);
    boolean highlight = highlight(args);

    // Schema order, so the same set of tables in another order is the same configuration.
    List<SearchTable> tables = new ArrayList<>();
    Map<String, List<SchemaObject>> wanted = new LinkedHashMap<>();
    for (Table t : m.schema().tables()) {
      List<Column> columns = requested.get(t.name());
      if (columns == null) continue;
      tables.add(new SearchTable(t.name(), columns.stream().map(Column::name).toList()));
      wanted.put(t.name(), SearchSql.objects(t, columns, language));
    }
    Map<String, List<SchemaObject>> current = new LinkedHashMap<>();
    List<SchemaObject> others = new ArrayList<>();
    for (SchemaObject o : m.schema().objects()) {
      if (SearchSql.FEATURE.equals(o.feature())) current.computeIfAbsent(o.table(), k -> new ArrayList<>()).add(o);
      else others.add(o);
    }

    List<String> up = new ArrayList<>();
    List<String> down = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>(current.keySet());
    names.addAll(wanted.keySet());
    for (String name : names) {
      List<SchemaObject> before = current.getOrDefault(name, List.of());
      List<SchemaObject> after = wanted.getOrDefault(name, List.of());
      if (before.equals(after)) continue;
      changed.add(after.isEmpty() ? name + " (removed)" : name);
      up.addAll(SearchSql.drop(before));
      up.addAll(SearchSql.create(after));
      down.addAll(0, SearchSql.create(before));
      down.addAll(0, SearchSql.drop(after));
    }

    Manifest next = m;
    if (changed.isEmpty()) {
      notes.add("The search indexes already match this configuration; no schema change.");
    } else {
      List<SchemaObject> objects = new ArrayList<>(others);
      wanted.values().forEach(objects::addAll);
      String description = "full-text search: " + String.join(", ", changed) + " (" + language + ")";
      next = SchemaSteps.commitObjects(m, objects, description, up, down);
      notes.add("New and changed indexes are filled from the rows already stored when the app upgrades (FTS5 'rebuild').");
    }
    notes.add("Search with " + tables.stream().map(t -> SearchFeature.searchClass(m.schema().table(t.tableName()).orElseThrow()))
        .collect(Collectors.joining(", ")) + " in lib/data/search/full_text_search.dart.");
    return SearchSettings.put(next, new Search(language, highlight, tables));
  }

  private static boolean highlight(Args args) throws ToolException {
    if (!args.has("enableHighlight")) throw new ToolException(args.field("enableHighlight"), "is required (true or false)");
    return args.bool("enableHighlight", false);
  }

  /**
   * The configuration as the manifest stores it ({@code stored} has this tool's parameters), read
   * with this tool's rules; the indexes in schema.objects must be the ones it creates.
   */
  static void checkRecorded(Manifest m, Args stored) throws ToolException {
    Map<String, List<Column>> requested = parseTables(m, stored);
    String language = stored.enumValue("language", SearchSql.LANGUAGES, null);
    highlight(stored);
    List<Args> items = stored.objects("tables", true);
    int k = 0;
    for (Map.Entry<String, List<Column>> e : requested.entrySet()) {
      Table t = m.schema().table(e.getKey()).orElseThrow();
      if (!SearchSql.objects(t, e.getValue(), language).equals(indexOf(m, t.name()))) {
        throw new ToolException(items.get(k).field("searchableColumns"), "the search index of '" + t.name()
            + "' in schema.objects was built for other columns or another language; changing it needs a schema step, "
            + "so restore the recorded configuration and call drift_enable_full_text_search");
      }
      k++;
    }
  }

  /** The objects of the search index of {@code table}, in the order the tool creates them. */
  static List<SchemaObject> indexOf(Manifest m, String table) {
    return m.schema().objects().stream().filter(o -> SearchSql.FEATURE.equals(o.feature()) && table.equals(o.table())).toList();
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
      Table t = SchemaRules.requireTable(m, field, item.string("tableName"));
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
