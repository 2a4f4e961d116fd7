package dev.driftsmith.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteLimits;

/**
 * A private SQLite database used to prove SQL before we accept or emit it: statements must
 * prepare and run against the real schema, not a guess of it.
 *
 * <p>It is SQLite's temporary database (an empty file name): it lives in SQLite's page cache, held
 * small here, and only a database that outgrows that cache gets a file, in the system's temporary
 * folder, which SQLite deletes as it opens it (on Windows as it closes it). So the pages of a large
 * project's schema (3 MB at 200 synced tables, for each of the two databases a proof keeps between
 * calls) sit in the operating system's file cache instead of in this process's memory, where an
 * in-memory database kept every page; a small database never touches a file. What SQLite keeps in
 * memory either way is the parsed schema, every trigger of it, for each open database.
 *
 * <p>Every sandbox is locked down, because user-supplied SQL runs here: no other database can be
 * attached, extensions cannot be loaded, and SQLite's limits bound what one statement may ask for.
 * Statements only ever reach SQLite through {@code prepareStatement}; the driver's
 * {@code Statement.execute} would first look for its own {@code backup to FILE} and
 * {@code restore from FILE} commands, which write and read any file on this machine.
 */
public final class SqliteSandbox implements AutoCloseable {
  /** How long one user-supplied statement may run before SQLite interrupts it (tables here are nearly empty). */
  public static final Duration UNTRUSTED_TIME_LIMIT = Duration.ofSeconds(2);

  /**
   * SQLite's limits for every sandbox. Each is far above what our own SQL needs (its longest
   * statement is a few kilobytes) and low enough that a statement cannot exhaust the server.
   */
  static final Map<SQLiteLimits, Integer> LIMITS = limits();

  /** At most 100 MB of 4 KiB pages: a runaway INSERT fails with "database or disk is full" before memory or disk runs out. */
  static final int MAX_PAGES = 25_000;

  /** SQLite's default page size, which every database of the sandbox has. */
  static final int PAGE_SIZE = 4096;

  /**
   * SQLite's page cache of each sandbox, in KiB (a negative {@code cache_size}): 128 pages, far
   * fewer than a 200-table schema's 740, so its pages live in the file, read back from the
   * operating system's cache when SQLite scans its schema. Its default, 2 MiB, would keep most of
   * them here; 16 pages saved no more than noise (on a database of that schema) and installed it slower.
   */
  static final int CACHE_KIB = 512;

  /** SQLite's temporary database: an empty file name, a file only once the pages outgrow the cache. */
  private static final String TEMPORARY_DATABASE = "jdbc:sqlite:";

  private final Connection connection;

  /** Databases this process opened: what tests read to see a proof made without SQLite. */
  private static final AtomicLong OPENED = new AtomicLong();

  static long opened() {
    return OPENED.get();
  }

  public SqliteSandbox() throws SQLException {
    OPENED.incrementAndGet();
    SQLiteConfig config = new SQLiteConfig();
    config.enableLoadExtension(false);
    config.setMaxPageCount(MAX_PAGES);
    config.setCacheSize(-CACHE_KIB);
    SQLiteConnection sqlite = (SQLiteConnection) config.createConnection(TEMPORARY_DATABASE);
    try {
      for (var limit : LIMITS.entrySet()) sqlite.setLimit(limit.getKey(), limit.getValue());
    } catch (SQLException e) {
      sqlite.close();
      throw e;
    }
    connection = sqlite;
  }

  private static Map<SQLiteLimits, Integer> limits() {
    Map<SQLiteLimits, Integer> limits = new EnumMap<>(SQLiteLimits.class);
    limits.put(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
    limits.put(SQLiteLimits.SQLITE_LIMIT_LENGTH, 10_000_000);
    limits.put(SQLiteLimits.SQLITE_LIMIT_SQL_LENGTH, 1_000_000);
    limits.put(SQLiteLimits.SQLITE_LIMIT_COLUMN, 2000);
    limits.put(SQLiteLimits.SQLITE_LIMIT_EXPR_DEPTH, 1000);
    limits.put(SQLiteLimits.SQLITE_LIMIT_COMPOUND_SELECT, 100);
    limits.put(SQLiteLimits.SQLITE_LIMIT_VDBE_OP, 1_000_000);
    limits.put(SQLiteLimits.SQLITE_LIMIT_FUNCTION_ARG, 127);
    limits.put(SQLiteLimits.SQLITE_LIMIT_VARIABLE_NUMBER, 999);
    limits.put(SQLiteLimits.SQLITE_LIMIT_TRIGGER_DEPTH, 50);
    limits.put(SQLiteLimits.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 10_000);
    return limits;
  }

  /**
   * A database built by running {@code statements}, each checked by {@link SqlAuthorizer#checkStored}
   * first: they are a project's schema and history, read from driftsmith.yaml, which anyone could
   * have edited.
   */
  public static SqliteSandbox with(List<String> statements) throws SQLException {
    SqliteSandbox box = new SqliteSandbox();
    try {
      for (String sql : statements) box.executeStored(sql);
      return box;
    } catch (SQLException e) {
      box.close();
      throw e;
    }
  }

  public Connection connection() {
    return connection;
  }

  public void executeAll(List<String> statements) throws SQLException {
    for (String sql : statements) execute(sql);
  }

  /** Runs a statement read from driftsmith.yaml after {@link SqlAuthorizer#checkStored} allowed it. */
  public void executeStored(String sql) throws SQLException {
    try {
      SqlAuthorizer.checkStored(this, sql);
    } catch (SqlAuthorizer.Refused e) {
      throw new SQLException("refused: " + e.getMessage(), e);
    }
    execute(sql);
  }

  public void execute(String sql) throws SQLException {
    try (var st = connection.prepareStatement(sql)) {
      st.execute();
    }
  }

  /**
   * Runs a statement that came from a user (check it with {@link SqlAuthorizer} first) to its end,
   * through every row it returns, as the app's {@code customStatement} will. SQLite's progress
   * handler interrupts it after {@link #UNTRUSTED_TIME_LIMIT}, so a statement that never ends (a
   * recursive CTE without a limit) fails with a clear message instead of hanging the server.
   */
  public void executeUntrusted(String sql) throws SQLException {
    long deadline = System.nanoTime() + UNTRUSTED_TIME_LIMIT.toNanos();
    ProgressHandler.setHandler(connection, 1000, new ProgressHandler() {
      @Override
      protected int progress() {
        return System.nanoTime() > deadline ? 1 : 0;
      }
    });
    try (var st = connection.prepareStatement(sql)) {
      if (st.execute()) {
        try (ResultSet rows = st.getResultSet()) {
          while (rows.next()) {
            // Each row is computed by stepping; nothing is kept.
          }
        }
      }
    } catch (SQLiteException e) {
      if (e.getResultCode() != SQLiteErrorCode.SQLITE_INTERRUPT) throw e;
      throw new SQLException("SQLite stopped it after " + UNTRUSTED_TIME_LIMIT.toSeconds()
          + " seconds on nearly empty tables (a statement that never ends, such as a recursive CTE without a LIMIT?)", e);
    } finally {
      ProgressHandler.clearHandler(connection);
    }
  }

  /**
   * A separate database holding this one's schema and rows (SQLite's serialize and deserialize).
   * Compiling a statement can change the connection that compiles it, so user SQL is compiled on
   * a copy that is thrown away afterwards. The copy's pages are in memory (SQLite's deserialized
   * database): it lives for one statement.
   */
  public SqliteSandbox copy() throws SQLException {
    return fromImage(image());
  }

  /** This database as SQLite's file format (sqlite3_serialize), a few milliseconds at 200 tables. */
  byte[] image() throws SQLException {
    return ((SQLiteConnection) connection).serialize("main");
  }

  /**
   * A sandbox holding the database {@code image} (from {@link #image}, or a file anyone could have
   * written). Deserializing gives the connection a new main database without the page limit it was
   * opened with, so the limit is set again; an image larger than the limit is refused, as SQLite
   * would not lower the limit below it. Cell sizes are checked on every read, as SQLite advises for
   * database files that may be forged.
   */
  static SqliteSandbox fromImage(byte[] image) throws SQLException {
    SqliteSandbox box = new SqliteSandbox();
    try {
      ((SQLiteConnection) box.connection).deserialize("main", image);
      box.execute("PRAGMA cell_size_check = ON");
      try (var st = box.connection.prepareStatement("PRAGMA max_page_count = " + MAX_PAGES); ResultSet rs = st.executeQuery()) {
        if (!rs.next() || rs.getLong(1) > MAX_PAGES) throw new SQLException("the database is larger than " + MAX_PAGES + " pages");
      }
      // The page limit counts pages: only at the page size every image we write has is it the 100 MB a proof may use.
      // Asked once the page limit has made SQLite read the image (asked before, it answered the default size).
      try (var st = box.connection.prepareStatement("PRAGMA page_size"); ResultSet rs = st.executeQuery()) {
        if (!rs.next() || rs.getLong(1) != PAGE_SIZE) throw new SQLException("the database's pages are not of " + PAGE_SIZE + " bytes");
      }
      return box;
    } catch (SQLException e) {
      box.close();
      throw e;
    }
  }

  /** Compiles a statement without running it; returns the number of `?` parameters. */
  public int prepare(String sql) throws SQLException {
    try (var st = connection.prepareStatement(sql)) {
      return st.getParameterMetaData().getParameterCount();
    }
  }

  /** Names of the result columns of a query, in order (empty for statements that return none). */
  public List<String> resultColumns(String sql) throws SQLException {
    try (var st = connection.prepareStatement(sql)) {
      var meta = st.getMetaData();
      List<String> names = new ArrayList<>();
      if (meta == null) return names;
      for (int i = 1; i <= meta.getColumnCount(); i++) names.add(meta.getColumnName(i));
      return names;
    }
  }

  /**
   * The DDL as SQLite stores it, in creation order: what a backend would mirror, and a script that
   * rebuilds this schema on an empty database. Left out are what SQLite creates by itself: shadow
   * tables of virtual tables (an FTS5 table's {@code _data}, {@code _idx}, ...; SQLite's own table
   * list names them), automatic indexes (no SQL) and its internal {@code sqlite_} tables.
   */
  public List<String> ddl() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = connection.createStatement();
         ResultSet rs = st.executeQuery("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite^_%' ESCAPE '^' "
             + "AND name NOT IN (SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow') ORDER BY rowid")) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }

  /**
   * The CREATE statements of the indexes and triggers on {@code table}, as SQLite stores them, in
   * the order they were created (automatic indexes of UNIQUE and PRIMARY KEY constraints have none).
   */
  public List<String> dependents(String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (var st = connection.prepareStatement("SELECT sql FROM sqlite_schema WHERE tbl_name = ? "
        + "AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid")) {
      st.setString(1, table);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      }
    }
    return out;
  }

  /**
   * A structural description of the schema: per table its columns (name, type, not null, default,
   * pk), foreign keys and indexes; triggers and views by normalised SQL. Two databases with equal
   * snapshots behave the same, however their DDL text was spelled.
   */
  public Map<String, String> snapshot() throws SQLException {
    return snapshot(Map.of(), new HashMap<>());
  }

  /** An object's entry in a {@link #snapshot}, with what it was described from: its table and its stored SQL. */
  public record Described(String table, String sql, String description) {}

  /**
   * {@link #snapshot()}, reusing the descriptions in {@code known} and putting each one it uses into
   * {@code used}, both by snapshot key ({@code "table notes"}). A description is reused only when the
   * object's table and stored SQL are the same: an object's description depends on nothing else,
   * since SQLite derives its columns, foreign keys and index columns from that SQL and rewrites the
   * SQL whenever an ALTER TABLE changes them. So a database described before and after one step
   * describes only the objects the step touched.
   */
  public Map<String, String> snapshot(Map<String, Described> known, Map<String, Described> used) throws SQLException {
    return snapshot(known, Map.of(), used);
  }

  /**
   * {@link #snapshot(Map, Map)}, also reusing {@code shared}: the descriptions of another database,
   * such as the fresh install an upgrade is compared with. A description depends only on the
   * object's table and SQL, in any database, so the objects both hold are described once and their
   * descriptions, with their SQL, are held once: at 200 synced tables the two sets were 4.6 MB of a
   * server's 35 MB of live heap.
   */
  public Map<String, String> snapshot(Map<String, Described> known, Map<String, Described> shared, Map<String, Described> used)
      throws SQLException {
    Map<String, String> out = new TreeMap<>();
    for (Listed o : listed(0)) {
      Described d = o.reuse(known);
      if (d == null) d = o.reuse(shared);
      if (d == null) d = describe(o);
      used.put(o.key(), d);
      out.put(o.key(), d.description());
    }
    return out;
  }

  /**
   * A row of sqlite_schema as a {@link #snapshot} reads it. The listing is unordered: snapshots are
   * sorted maps, and SQLite sorting every row, with its SQL text, was a third of listing a large schema.
   */
  record Listed(String type, String name, String table, String sql) {
    String key() {
      return type + " " + name;
    }

    /** {@code known}'s description of this object, when it was described from the same table and SQL; else null. */
    Described reuse(Map<String, Described> known) {
      Described d = known.get(key());
      return d != null && Objects.equals(d.table(), table) && Objects.equals(d.sql(), sql) ? d : null;
    }
  }

  /** The objects a snapshot describes whose sqlite_schema rowid is above {@code rowid} (0: all of them). */
  List<Listed> listed(long rowid) throws SQLException {
    List<Listed> out = new ArrayList<>();
    // In LIKE an underscore matches any character: escaped, so only SQLite's own objects are left out, not a user's 'sqlitelog'.
    try (var st = connection.prepareStatement("SELECT type, name, tbl_name, sql FROM sqlite_master "
        + "WHERE rowid > ? AND name NOT LIKE 'sqlite^_%' ESCAPE '^'")) {
      st.setLong(1, rowid);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) out.add(new Listed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
      }
    }
    return out;
  }

  /** A new entry for {@code o}: its description, and what it was described from. */
  Described describe(Listed o) throws SQLException {
    return new Described(o.table(), o.sql(), describe(o.type(), o.name(), o.table(), o.sql()));
  }

  /** SQLite's schema cookie, which every statement that changes the schema raises (and a rollback restores). */
  long schemaVersion() throws SQLException {
    return single("PRAGMA schema_version");
  }

  /** The largest rowid of sqlite_schema: every object created after now has a larger one, until one is dropped. */
  long lastSchemaRowid() throws SQLException {
    return single("SELECT coalesce(max(rowid), 0) FROM sqlite_schema");
  }

  private long single(String sql) throws SQLException {
    try (var st = connection.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private String describe(String type, String name, String table, String sql) throws SQLException {
    return switch (type) {
      // A virtual table's columns do not say how it indexes (an FTS5 tokenizer): compare its SQL too.
      case "table" -> describeTable(name) + (sql != null && sql.startsWith("CREATE VIRTUAL TABLE") ? " sql:" + normalise(sql) : "");
      case "index" -> describeIndex(name, table);
      default -> normalise(sql);
    };
  }

  private String describeTable(String table) throws SQLException {
    StringBuilder sb = new StringBuilder();
    // Column order is not compared: ALTER TABLE appends, and drift maps columns by name.
    sb.append(rows("PRAGMA table_xinfo(" + SqlSchema.quote(table) + ")", 2, 3, 4, 5, 6));
    sb.append(" fk:").append(rows("PRAGMA foreign_key_list(" + SqlSchema.quote(table) + ")", 3, 4, 5, 6, 7));
    String sql = tableSql(table);
    sb.append(" autoincrement:").append(sql != null && sql.toUpperCase().contains("AUTOINCREMENT"));
    sb.append(" checks:").append(countOf(sql, "CHECK"));
    return sb.toString();
  }

  private String describeIndex(String index, String table) throws SQLException {
    boolean unique = false;
    try (Statement st = connection.createStatement();
         ResultSet rs = st.executeQuery("PRAGMA index_list(" + SqlSchema.quote(table) + ")")) {
      while (rs.next()) if (rs.getString(2).equals(index)) unique = rs.getInt(3) == 1;
    }
    return "on " + table + " unique:" + unique + " cols:" + rows("PRAGMA index_info(" + SqlSchema.quote(index) + ")", 1, 3);
  }

  private String tableSql(String table) throws SQLException {
    try (var st = connection.prepareStatement("SELECT sql FROM sqlite_master WHERE name = ?")) {
      st.setString(1, table);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private String rows(String pragma, int... columns) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(pragma)) {
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (int c : columns) cells.add(String.valueOf(rs.getString(c)));
        rows.add(String.join("|", cells));
      }
    }
    java.util.Collections.sort(rows);
    return rows.toString();
  }

  private static int countOf(String text, String word) {
    if (text == null) return 0;
    int n = 0;
    for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) n++;
    return n;
  }

  /**
   * Whitespace and quoting differences do not make two triggers different. SQL that is normal
   * already (our triggers, on one line, single spaces, no quotes) is returned itself, so a remembered
   * description of it costs no second copy of its text.
   */
  static String normalise(String sql) {
    if (sql == null) return "";
    String normal = sql.replace("\"", "").replaceAll("\\s+", " ").trim();
    return normal.equals(sql) ? sql : normal;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
