package dev.driftsmith.feature.search;

import dev.driftsmith.feature.search.SearchSettings.Search;
import dev.driftsmith.feature.search.SearchSettings.Searched;
import dev.driftsmith.generate.Feature;
import dev.driftsmith.generate.Problems;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.Table;
import dev.driftsmith.render.DartCode;
import dev.driftsmith.render.Renderer;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.SchemaContributor;
import dev.driftsmith.schema.SchemaObject;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolProvider;
import dev.driftsmith.workspace.GeneratedFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Full-text search (FULL_TEXT_SEARCH_TEMPLATE, drift-guide §5): the FTS5 tables and triggers in
 * {@code search.drift} (the schema objects of this feature, verbatim), the query sanitiser, and a
 * search class per table.
 */
public final class SearchFeature implements Feature, ToolProvider {
  static final String DIR = "lib/data/search";
  static final TemplateSpec DRIFT = new TemplateSpec("search.drift", "Search indexes",
      "The FTS5 tables and the triggers that keep them in sync, declared to drift (created with the schema).",
      "search/search.drift", DIR, "search", "drift");
  static final TemplateSpec QUERY = new TemplateSpec("search.query", "Search query sanitiser",
      "toFtsQuery: typed text to a safe FTS5 MATCH expression (every word quoted, prefix on the last); SearchHit.",
      "search/fts_query.dart", DIR, "fts_query", "dart");
  static final TemplateSpec SEARCH = new TemplateSpec("search.tables", "Table search",
      "One search class per table: bm25-ranked rows, prefix search, column filter, highlights and snippets, as Future or Stream.",
      "search/full_text_search.dart", DIR, "full_text_search", "dart");

  @Override
  public String id() {
    return SearchSql.FEATURE;
  }

  @Override
  public List<TemplateSpec> templates() {
    return List.of(DRIFT, QUERY, SEARCH);
  }

  @Override
  public Set<String> configKeys() {
    return Set.of(SearchSettings.KEY);
  }

  /** The stored configuration as the tool reads it. */
  @Override
  public List<ManifestProblem> validate(Manifest m, SchemaSteps steps) {
    Problems p = new Problems();
    p.stored(m, SearchSettings.KEY, Search.class, stored -> EnableFullTextSearchTool.STORED.read(stored, m));
    return p.list();
  }

  @Override
  public Optional<SchemaContributor> schemaContribution() {
    return Optional.of(new SearchSchema());
  }

  @Override
  public List<Tool> tools() {
    return List.of(new EnableFullTextSearchTool());
  }

  @Override
  public List<GeneratedFile> render(Manifest m, DatabaseSchema schema, Renderer renderer) {
    List<GeneratedFile> files = new ArrayList<>();
    List<SchemaObject> objects = schema.objects().stream().filter(o -> SearchSql.DRIFT_FILE.equals(o.driftFile())).toList();
    if (!objects.isEmpty()) files.add(managed(renderer, DRIFT, driftContext(m, objects)));
    var search = SearchSettings.read(m);
    if (search.isPresent() && !SearchSettings.resolve(m, search.get()).isEmpty()) {
      Map<String, Object> ctx = dartContext(m, search.get());
      files.add(managed(renderer, QUERY, ctx));
      files.add(managed(renderer, SEARCH, ctx));
    }
    return files;
  }

  /** The search class of a table: {@code notes} → {@code NotesSearch}. */
  static String searchClass(Table t) {
    return t.className() + "Search";
  }

  static Map<String, Object> driftContext(Manifest m, List<SchemaObject> objects) {
    Set<String> imports = new LinkedHashSet<>();
    for (Table t : m.schema().tables()) {
      if (objects.stream().anyMatch(o -> t.name().equals(o.table()))) {
        imports.add("package:" + m.project().name() + "/data/tables/" + t.name() + ".dart");
      }
    }
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("imports", List.copyOf(imports));
    ctx.put("statements", objects.stream().map(SchemaObject::sql).toList());
    return ctx;
  }

  static Map<String, Object> dartContext(Manifest m, Search search) {
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("package", m.project().name());
    ctx.put("highlight", search.enableHighlight());
    ctx.put("separators", DartCode.string(FtsQuery.SEPARATORS));
    ctx.put("tokenCharacter", DartCode.string(FtsQuery.TOKEN_CHARACTER));
    String stemming = "unicode61".equals(search.language()) ? "words match as written (unicode61, no stemming)"
        : "English stemming: 'running' finds 'run' (" + SearchSql.tokenizer(search.language()) + ")";
    List<Map<String, Object>> tables = new ArrayList<>();
    for (Searched s : SearchSettings.resolve(m, search)) {
      Table t = s.table();
      Map<String, Object> table = new LinkedHashMap<>();
      table.put("name", t.name());
      table.put("searchClass", searchClass(t));
      table.put("dataClass", t.dataClassName());
      table.put("getter", t.dartGetter());
      table.put("ftsTable", SearchSql.ftsTable(t));
      // drift names the getter of a .drift table after its SQL name (DriftSchemaElement.dbFieldName).
      table.put("ftsGetter", Names.camelCase(SearchSql.ftsTable(t)));
      table.put("stemming", stemming);
      table.put("softDelete", t.softDelete());
      List<Map<String, String>> columns = new ArrayList<>();
      for (Column c : s.columns()) columns.add(Map.of("getter", c.name(), "sql", c.sqlName()));
      table.put("columns", columns);
      table.put("columnList", String.join(", ", s.columns().stream().map(Column::name).toList()));
      table.put("query", DartCode.string(SearchSql.search(t, s.columns(), search.enableHighlight())));
      tables.add(table);
    }
    ctx.put("tables", tables);
    ctx.put("score", SearchSql.SCORE);
    ctx.put("snippet", SearchSql.SNIPPET);
    ctx.put("highlightPrefix", SearchSql.HIGHLIGHT);
    return ctx;
  }
}
