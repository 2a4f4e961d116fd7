package dev.driftsmith.schema;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Whether SQLite takes a name unquoted everywhere our generated SQL puts one: triggers, payloads
 * and queries write table and column names as they are, and SQLite lets some keywords be names in
 * some places only ({@code order} works as a column of a CREATE TABLE and breaks an UPDATE ... SET).
 * SQLite itself decides, by compiling the shapes our SQL uses, for every name its tokenizer could
 * read as something other than a plain identifier; a plain identifier is decided here without it.
 */
public final class SqlNames {
  private SqlNames() {}

  private static final Map<String, Boolean> USABLE = new ConcurrentHashMap<>();

  /** Whether {@code name} (a snake_case SQL name) works unquoted as a table name and as a column name. */
  public static boolean usableUnquoted(String name) {
    return USABLE.computeIfAbsent(name, n -> plainIdentifier(n) || compiles(n));
  }

  /**
   * Every word SQLite's tokenizer reads as a keyword (its list of keywords, compared without case),
   * as compiled into the bundled release's native library; a test pins that release, so a new one is
   * compared again. Only these can be refused somewhere and taken elsewhere; a name outside it is a
   * plain identifier in every position our SQL puts one.
   */
  private static final Set<String> KEYWORDS = Set.of(
      "abort", "action", "add", "after", "all", "alter", "always", "analyze", "and", "as", "asc", "attach",
      "autoincrement", "before", "begin", "between", "by", "cascade", "case", "cast", "check", "collate",
      "column", "commit", "conflict", "constraint", "create", "cross", "current", "current_date",
      "current_time", "current_timestamp", "database", "default", "deferrable", "deferred", "delete", "desc",
      "detach", "distinct", "do", "drop", "each", "else", "end", "escape", "except", "exclude", "exclusive",
      "exists", "explain", "fail", "filter", "first", "following", "for", "foreign", "from", "full",
      "generated", "glob", "group", "groups", "having", "if", "ignore", "immediate", "in", "index", "indexed",
      "initially", "inner", "insert", "instead", "intersect", "into", "is", "isnull", "join", "key", "last",
      "left", "like", "limit", "match", "materialized", "natural", "no", "not", "nothing", "notnull", "null",
      "nulls", "of", "offset", "on", "or", "order", "others", "outer", "over", "partition", "plan", "pragma",
      "preceding", "primary", "query", "raise", "range", "recursive", "references", "regexp", "reindex",
      "release", "rename", "replace", "restrict", "returning", "right", "rollback", "row", "rows", "savepoint",
      "select", "set", "table", "temp", "temporary", "then", "ties", "to", "transaction", "trigger",
      "unbounded", "union", "unique", "update", "using", "vacuum", "values", "view", "virtual", "when", "where",
      "window", "with", "within", "without");

  private static final Pattern ASCII_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * Whether SQLite's answer is certain without asking it: an ASCII identifier that is no keyword
   * compiles in every shape, except a name SQLite reserves for itself ({@code sqlite_...}, refused
   * by CREATE) and the probe's own key column {@code k__} (a duplicate column). Those, keywords and
   * anything else go to SQLite: asking it loads its native library, a third of a second in a new
   * process, which a project of plain names never needs.
   */
  static boolean plainIdentifier(String name) {
    if (!ASCII_IDENTIFIER.matcher(name).matches()) return false;
    String lower = name.toLowerCase(Locale.ROOT);
    return !KEYWORDS.contains(lower) && !lower.startsWith("sqlite") && !lower.equals("k__");
  }

  private static final AtomicInteger PROBES = new AtomicInteger();

  /** How many names SQLite was asked about in this process; tests check that plain names ask none. */
  static int probes() {
    return PROBES.get();
  }

  /**
   * One database for every probe, each probe inside a savepoint that is rolled back, so probes of
   * different names never see each other's tables. A database per name made the first validation
   * of a large project (a name per table, more per column) open hundreds of connections.
   */
  private static SqliteSandbox probes;

  static synchronized boolean compiles(String n) {
    PROBES.incrementAndGet();
    List<String> shapes = List.of(
        "CREATE TABLE " + n + " (k__ INTEGER PRIMARY KEY, " + n + " TEXT)",
        "CREATE INDEX " + n + "_idx ON " + n + " (" + n + ")",
        "CREATE TRIGGER " + n + "_t AFTER UPDATE ON " + n + " FOR EACH ROW WHEN NEW." + n + " IS NOT OLD." + n
            + " BEGIN UPDATE " + n + " SET " + n + " = NEW." + n + " WHERE rowid = NEW.rowid; END",
        "INSERT INTO " + n + " (" + n + ") SELECT " + n + " FROM " + n + " WHERE " + n + " = 1 ORDER BY " + n,
        "DELETE FROM " + n + " WHERE " + n + " IN (SELECT " + n + " FROM " + n + " GROUP BY " + n + ")");
    try {
      if (probes == null) probes = new SqliteSandbox();
      probes.execute("SAVEPOINT probe");
    } catch (SQLException e) {
      throw new IllegalStateException("SQLite cannot open an in-memory database: " + e.getMessage(), e);
    }
    boolean compiled = true;
    try {
      for (String sql : shapes) probes.execute(sql);
    } catch (SQLException e) {
      compiled = false;
    }
    try {
      probes.execute("ROLLBACK TO probe");
      probes.execute("RELEASE probe");
    } catch (SQLException e) {
      // The next probe must start from an empty database: begin again with a new one.
      try {
        probes.close();
      } catch (SQLException ignored) {
        // An in-memory database that cannot close cleanly holds nothing anyone needs.
      }
      probes = null;
    }
    return compiled;
  }
}
