package dev.driftsmith.feature.search;

import dev.driftsmith.feature.search.FullTextSearchConfig.Searched;
import dev.driftsmith.generate.Feature;
import dev.driftsmith.generate.FeatureTemplate;
import dev.driftsmith.generate.Problems;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.Table;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.SchemaContributor;
import dev.driftsmith.schema.SchemaObject;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Full-text search: the FTS5 tables and triggers in {@code search.drift} (the schema objects of this
 * feature, verbatim; drift creates what a .drift file declares with the rest of the schema), the query
 * sanitiser, and a search class per table.
 */
public final class SearchFeature implements Feature, ToolProvider {
  static final String DIR = "lib/data/search";
  static final TemplateSpec DRIFT = TemplateSpec.of("search.drift", "Search indexes", "search/search.drift", DIR,
      "The FTS5 tables and the triggers that keep them in sync, declared to drift (created with the schema).");
  static final TemplateSpec QUERY = TemplateSpec.of("search.query", "Search query sanitiser", "search/fts_query.dart", DIR,
      "toFtsQuery: typed text to a safe FTS5 MATCH expression (every word quoted, prefix on the last); SearchHit.");
  static final TemplateSpec SEARCH = TemplateSpec.of("search.tables", "Table search", "search/full_text_search.dart", DIR,
      "One search class per table: bm25-ranked rows, prefix search, column filter, highlights and snippets, as Future or Stream.");

  /** search.drift: every object of this feature, with the table it indexes. */
  record DriftContext(String packageName, List<Statement> statements) {}

  record Statement(String table, String sql) {}

  /** fts_query.dart: the sanitiser's two regular expressions (Dart RegExp sources). */
  record QueryContext(boolean highlight, String separators, String tokenCharacter) {}

  /** full_text_search.dart; {@code score}, {@code snippet} and {@code highlightPrefix} name the query's extra result columns. */
  record SearchContext(String packageName, boolean highlight, List<SearchedTable> tables, String score, String snippet,
                       String highlightPrefix) {}

  /**
   * One search class. {@code ftsGetter} is the database getter of the FTS table: drift names the
   * getter of a .drift table after its SQL name.
   */
  record SearchedTable(String name, String searchClass, String dataClass, String getter, String ftsTable, String ftsGetter,
                       String stemming, boolean softDelete, List<SearchColumn> columns, String columnList, String query) {}

  /** A searchable column: its Dart getter and its SQL name. */
  record SearchColumn(String getter, String sql) {}

  static final List<FeatureTemplate> TEMPLATES = List.of(
      FeatureTemplate.when(DRIFT, in -> !objects(in.schema()).isEmpty(), in -> driftContext(in.manifest(), in.schema())),
      FeatureTemplate.whenPresent(QUERY, in -> searched(in.manifest()),
          (in, search) -> new QueryContext(search.enableHighlight(), FtsQuery.SEPARATORS, FtsQuery.TOKEN_CHARACTER)),
      FeatureTemplate.whenPresent(SEARCH, in -> searched(in.manifest()), (in, search) -> searchContext(in.manifest(), search)));

  @Override
  public String id() {
    return SearchSql.FEATURE;
  }

  @Override
  public List<FeatureTemplate> fileTemplates() {
    return TEMPLATES;
  }

  @Override
  public Set<String> configKeys() {
    return Set.of(FullTextSearchConfig.KEY.name());
  }

  /** The stored configuration as the tool reads it. */
  @Override
  public List<ManifestProblem> validate(Manifest m, SchemaSteps steps) {
    Problems p = new Problems();
    p.stored(m, FullTextSearchConfig.KEY.name(), FullTextSearchConfig.class, stored -> EnableFullTextSearchTool.STORED.read(stored, m));
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

  /** The search configuration, when it still finds a table to search. */
  private static Optional<FullTextSearchConfig> searched(Manifest m) {
    return FullTextSearchConfig.of(m).filter(search -> !search.resolve(m).isEmpty());
  }

  private static List<SchemaObject> objects(DatabaseSchema schema) {
    return schema.objects().stream().filter(o -> SearchSql.DRIFT_FILE.equals(o.driftFile())).toList();
  }

  /** The search class of a table: {@code notes} → {@code NotesSearch}. */
  static String searchClass(Table t) {
    return t.className() + "Search";
  }

  static DriftContext driftContext(Manifest m, DatabaseSchema schema) {
    return new DriftContext(m.project().name(), objects(schema).stream().map(o -> new Statement(o.table(), o.sql())).toList());
  }

  static SearchContext searchContext(Manifest m, FullTextSearchConfig search) {
    String stemming = search.language() == SearchLanguage.UNICODE61 ? "words match as written (unicode61, no stemming)"
        : "English stemming: 'running' finds 'run' (" + SearchSql.tokenizer(search.language()) + ")";
    List<SearchedTable> tables = new ArrayList<>();
    for (Searched s : search.resolve(m)) {
      Table t = s.table();
      List<SearchColumn> columns = s.columns().stream().map(c -> new SearchColumn(c.name(), c.sqlName())).toList();
      tables.add(new SearchedTable(t.name(), searchClass(t), t.dataClassName(), t.dartGetter(), SearchSql.ftsTable(t),
          Names.camelCase(SearchSql.ftsTable(t)), stemming, t.softDelete(), columns,
          String.join(", ", s.columns().stream().map(Column::name).toList()),
          SearchSql.search(t, s.columns(), search.enableHighlight())));
    }
    return new SearchContext(m.project().name(), search.enableHighlight(), tables, SearchSql.SCORE, SearchSql.SNIPPET,
        SearchSql.HIGHLIGHT);
  }
}
