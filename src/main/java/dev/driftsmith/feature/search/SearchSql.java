package dev.driftsmith.feature.search;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.SchemaObject;
import dev.driftsmith.schema.SqlSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL of full-text search (an FTS5 external-content table over the rowid, kept current by triggers), kept here so that the schema step, the
 * {@code search.drift} declarations, the queries inside the generated Dart and our SQLite tests are
 * the same strings.
 *
 * <p>Each searched table gets an external-content FTS5 table {@code <table>_fts}
 * ({@code content='<table>'}, {@code content_rowid='<integer primary key>'}) that stores only the
 * index, and three triggers that keep it in step with every write, whatever code path made it. The
 * update and delete triggers hand the old values to FTS5's {@code 'delete'} command, as the SQLite
 * documentation prescribes for external content. The update trigger only fires when the key or a
 * searched column is written, so writes to other columns (and the updated_at touch trigger) leave
 * the index alone.
 */
public final class SearchSql {
  private SearchSql() {}

  public static final String FEATURE = "search";
  public static final String DRIFT_FILE = "search/search.drift";

  /** Result columns the search query adds to the table's own; the underscore keeps them apart from any column name. */
  public static final String SCORE = "_fts_score";
  public static final String SNIPPET = "_fts_snippet";
  public static final String HIGHLIGHT = "_fts_highlight_";
  public static final int SNIPPET_TOKENS = 12;

  public static String highlightColumn(int index) {
    return HIGHLIGHT + index;
  }

  public static String ftsTable(Table t) {
    return t.name() + "_fts";
  }

  /** {@code english} and {@code porter} stem English words; {@code unicode61} matches words as written. */
  public static String tokenizer(SearchLanguage language) {
    return switch (language) {
      case ENGLISH, PORTER -> "porter unicode61";
      case UNICODE61 -> "unicode61";
    };
  }

  /** The FTS table and the shadow tables FTS5 creates beside it: no other table may have these names. */
  public static List<String> indexTableNames(Table t) {
    String fts = ftsTable(t);
    return List.of(fts, fts + "_data", fts + "_idx", fts + "_content", fts + "_docsize", fts + "_config");
  }

  /** Names FTS5 gives its own columns or its helper tables: a searched column may not take them. */
  public static List<String> reservedColumnNames(Table t) {
    return List.of("rank", "rowid", "oid", "_rowid_", ftsTable(t));
  }

  /** The FTS table and its triggers, as schema objects owned by this feature (in creation order). */
  public static List<SchemaObject> objects(Table t, List<Column> columns, SearchLanguage language) {
    String fts = ftsTable(t);
    List<SchemaObject> out = new ArrayList<>();
    // A new or recreated index starts empty: FTS5 'rebuild' fills it from the rows already stored.
    out.add(new SchemaObject(fts, SchemaObject.Kind.VIRTUAL_TABLE, t.name(), createTable(t, columns, language), DRIFT_FILE,
        List.of(rebuild(fts)), true));
    out.add(SchemaObject.trigger(fts + "_ai", t.name(), insertTrigger(t, columns), DRIFT_FILE));
    out.add(SchemaObject.trigger(fts + "_ad", t.name(), deleteTrigger(t, columns), DRIFT_FILE));
    out.add(SchemaObject.trigger(fts + "_au", t.name(), updateTrigger(t, columns), DRIFT_FILE));
    return out;
  }

  /**
   * Columns are written bare: FTS5 and drift's analyzer read the arguments as plain words (drift
   * checks each against the content table), and a quoted name would not match there.
   */
  public static String createTable(Table t, List<Column> columns, SearchLanguage language) {
    return "CREATE VIRTUAL TABLE IF NOT EXISTS " + ftsTable(t) + " USING fts5("
        + columns.stream().map(Column::sqlName).collect(Collectors.joining(", "))
        + ", content='" + t.name() + "', content_rowid='" + key(t).sqlName() + "', tokenize='" + tokenizer(language) + "')";
  }

  public static String insertTrigger(Table t, List<Column> columns) {
    return "CREATE TRIGGER " + ftsTable(t) + "_ai AFTER INSERT ON " + q(t.name()) + " BEGIN " + add(t, columns) + "; END";
  }

  public static String deleteTrigger(Table t, List<Column> columns) {
    return "CREATE TRIGGER " + ftsTable(t) + "_ad AFTER DELETE ON " + q(t.name()) + " BEGIN " + remove(t, columns) + "; END";
  }

  public static String updateTrigger(Table t, List<Column> columns) {
    List<String> watched = new ArrayList<>();
    watched.add(q(key(t).sqlName()));
    for (Column c : columns) watched.add(q(c.sqlName()));
    return "CREATE TRIGGER " + ftsTable(t) + "_au AFTER UPDATE OF " + String.join(", ", watched) + " ON " + q(t.name())
        + " BEGIN " + remove(t, columns) + "; " + add(t, columns) + "; END";
  }

  /** Indexes the rows already in the table; runs once, in the step that creates the index (fresh installs are empty). */
  public static String rebuild(String ftsTable) {
    return "INSERT INTO " + ftsTable + "(" + ftsTable + ") VALUES ('rebuild')";
  }

  /**
   * The search query. {@code ?1} the MATCH expression ({@link FtsQuery}), {@code ?2} limit,
   * {@code ?3} offset; with highlighting {@code ?4}/{@code ?5} the markers around matches and
   * {@code ?6} the ellipsis of snippets. Best first: bm25 is lower for better matches; ties by key.
   * Soft-deleted rows are left out.
   */
  public static String search(Table t, List<Column> columns, boolean highlight) {
    String fts = ftsTable(t);
    String table = q(t.name());
    StringBuilder sql = new StringBuilder("SELECT ").append(table).append(".*, bm25(").append(fts).append(") AS ").append(SCORE);
    if (highlight) {
      for (int i = 0; i < columns.size(); i++) {
        sql.append(", highlight(").append(fts).append(", ").append(i).append(", ?4, ?5) AS ").append(highlightColumn(i));
      }
      sql.append(", snippet(").append(fts).append(", -1, ?4, ?5, ?6, ").append(SNIPPET_TOKENS).append(") AS ").append(SNIPPET);
    }
    sql.append(" FROM ").append(fts).append(" JOIN ").append(table).append(" ON ").append(table).append('.')
        .append(q(key(t).sqlName())).append(" = ").append(fts).append(".rowid WHERE ").append(fts).append(" MATCH ?1");
    if (t.softDelete()) sql.append(" AND ").append(table).append(".\"deleted_at\" IS NULL");
    sql.append(" ORDER BY ").append(SCORE).append(", ").append(fts).append(".rowid LIMIT ?2 OFFSET ?3");
    return sql.toString();
  }

  /** The single INTEGER primary key that FTS5 uses as the rowid of the content table. */
  public static Column key(Table t) {
    return t.singlePrimaryKey().filter(c -> c.type() == ColumnType.INTEGER)
        .orElseThrow(() -> new IllegalArgumentException(t.name() + " has no single integer primary key"));
  }

  private static String add(Table t, List<Column> columns) {
    return "INSERT INTO " + ftsTable(t) + "(rowid, " + names(columns, "") + ") VALUES (new." + q(key(t).sqlName())
        + ", " + names(columns, "new.") + ")";
  }

  private static String remove(Table t, List<Column> columns) {
    String fts = ftsTable(t);
    return "INSERT INTO " + fts + "(" + fts + ", rowid, " + names(columns, "") + ") VALUES ('delete', old." + q(key(t).sqlName())
        + ", " + names(columns, "old.") + ")";
  }

  private static String names(List<Column> columns, String prefix) {
    return columns.stream().map(c -> prefix + q(c.sqlName())).collect(Collectors.joining(", "));
  }

  private static String q(String identifier) {
    return SqlSchema.quote(identifier);
  }
}
