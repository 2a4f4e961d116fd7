package dev.driftsmith.schema;

import dev.driftsmith.project.StatementKind;
import dev.driftsmith.schema.SqlAction.Type;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.sqlite.SQLiteLimits;

/**
 * The authorizer for user-supplied SQL (hand-written migration steps, custom DAO queries): it
 * lets a statement through only when everything SQLite compiled it into is allowed for its use.
 *
 * <p>SQLite's own authorizer is a C callback, {@code sqlite3_set_authorizer}, that sees each
 * action while a statement compiles. sqlite-jdbc does not expose it, and its native library hides
 * every {@code sqlite3_*} symbol, so neither JNA nor Java's FFM can install one. What SQLite does
 * give us is the compiled program itself ({@link CompiledStatement}, read from {@code EXPLAIN}):
 * the same actions the callback would see, as opcodes. This class decides on those, never on the
 * statement's text. The only textual check is the word PRAGMA ({@link SqlStatements#mentionsPragma}),
 * because SQLite runs parts of a PRAGMA while compiling it.
 *
 * <p>Every use refuses: ATTACH and DETACH, PRAGMA (table-valued pragma functions that only read,
 * such as {@code pragma_table_info}, are allowed in queries), VACUUM, transaction control,
 * {@code load_extension} and file functions, writes to the database header, virtual tables other
 * than the project's own and a few read-only table-valued functions, and more than one statement.
 * A migration step may then change the schema and rows; a DAO query must be one SELECT (or
 * WITH/VALUES) or one INSERT, UPDATE or DELETE. The connection-level guards (no attached
 * databases, no extension loading, size limits, a time limit) are {@link SqliteSandbox}'s.
 */
public final class SqlAuthorizer {
  private SqlAuthorizer() {}

  /** What user SQL is for; each use allows different statements. */
  public enum Use {
    MIGRATION_STEP("put each statement in its own list entry",
        "steps already run inside a transaction the generated code manages"),
    DAO_QUERY("a custom method runs exactly one statement: split it into several methods",
        "wrap calls of the DAO in drift's transaction() instead");

    private final String oneStatementFix;
    private final String transactionFix;

    Use(String oneStatementFix, String transactionFix) {
      this.oneStatementFix = oneStatementFix;
      this.transactionFix = transactionFix;
    }
  }

  /** The statement compiled, but does something its use does not allow; the message says what and why. */
  public static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  /** Table-valued functions that only read and exist in every SQLite a drift app ships with. */
  public static final Set<String> READ_ONLY_TABLE_FUNCTIONS = Set.of("pragma_table_info", "pragma_table_xinfo",
      "pragma_index_list", "pragma_index_info", "pragma_index_xinfo", "pragma_foreign_key_list", "json_each", "json_tree");

  /** Functions that load native code or touch files (SQLite's shell and fileio extension have the latter). */
  public static final Set<String> DENIED_FUNCTIONS = Set.of("load_extension", "readfile", "writefile", "edit", "fts3_tokenizer");

  /**
   * Compiles {@code sql} against {@code db}'s schema, on a throwaway copy, and returns what SQLite
   * compiled it into when {@code use} allows all of it.
   *
   * @throws Refused when the statement is not allowed (the message starts with what it does)
   * @throws SQLException when SQLite cannot compile it against the schema
   */
  public static CompiledStatement authorize(SqliteSandbox db, String sql, Use use) throws Refused, SQLException {
    checkText(sql, use);
    try (SqliteSandbox copy = db.copy()) {
      Connection c = copy.connection();
      copy.prepare(sql);
      CompiledStatement compiled = CompiledStatement.compile(c, sql, () -> knownVirtualTables(c));
      requireOneStatement(c, sql, use);
      for (SqlAction action : compiled.actions()) checkAnywhere(action, use);
      if (use == Use.DAO_QUERY) checkQuery(compiled);
      return compiled;
    }
  }

  /** Statement texts {@link #checkStored} passed: a project's history is replayed many times in one process. */
  private static final Set<String> STORED_PASSED = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private static final int STORED_PASSED_MAX = 200_000;

  /**
   * Checks a statement read from driftsmith.yaml (a schema step, a feature's object) before it runs
   * in this process, with the rules of a migration step: a hand-edited or hostile manifest must not
   * reach the machine's files through a replay. It compiles on {@code db} itself, which is safe
   * because the one kind of statement that acts while compiling, a PRAGMA, is refused by its text
   * first.
   */
  public static void checkStored(SqliteSandbox db, String sql) throws Refused, SQLException {
    if (STORED_PASSED.contains(sql)) return;
    checkText(sql, Use.MIGRATION_STEP);
    Connection c = db.connection();
    CompiledStatement compiled = CompiledStatement.compile(c, sql, () -> knownVirtualTables(c));
    requireOneStatement(c, sql, Use.MIGRATION_STEP);
    for (SqlAction action : compiled.actions()) checkAnywhere(action, Use.MIGRATION_STEP);
    if (STORED_PASSED.size() < STORED_PASSED_MAX) STORED_PASSED.add(sql);
  }

  /**
   * Checks the code a statement that already ran on {@code db} stored in the schema, which runs
   * later on users' devices: triggers, views, column defaults and checks, index expressions. For
   * each table and view whose schema entries differ from {@code before} (see {@link #storedCode}),
   * SQLite compiles a read, an insert, an update and a delete of it, which brings in every trigger
   * and expression that would fire, and all of it must be allowed.
   */
  public static void authorizeStoredCode(SqliteSandbox db, Map<String, String> before) throws Refused, SQLException {
    Map<String, String> after = storedCode(db);
    try (Statement st = db.connection().createStatement();
         ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_temp_schema")) {
      if (rs.next() && rs.getInt(1) > 0) {
        throw new Refused("creates a TEMP object, which vanishes when the app closes its database; create it without TEMP");
      }
    }
    Set<String> touched = new TreeSet<>();
    for (var e : after.entrySet()) {
      if (!Objects.equals(before.get(e.getKey()), e.getValue())) touched.add(e.getValue().split("\n", 2)[0]);
    }
    if (touched.isEmpty()) return;
    try (SqliteSandbox copy = db.copy()) {
      Connection c = copy.connection();
      List<String> known = knownVirtualTables(c);
      for (String table : touched) {
        if (!after.containsKey(table)) continue; // dropped: nothing of it runs later
        for (String probe : probes(c, table)) {
          CompiledStatement compiled;
          try {
            compiled = CompiledStatement.compile(c, probe, known);
          } catch (SQLException e) {
            // A view without INSTEAD OF triggers cannot be written: then nothing of it runs on writes.
            if (String.valueOf(e.getMessage()).contains("because it is a view")) continue;
            throw new Refused("leaves " + table + " so that SQLite cannot compile `" + probe + "` any more ("
                + e.getMessage() + "): the app's reads or writes of it would fail");
          }
          for (SqlAction action : compiled.actions()) {
            try {
              checkAnywhere(action, Use.MIGRATION_STEP);
            } catch (Refused r) {
              throw new Refused("stores code on " + table + " (a trigger, view, default or check) that " + r.getMessage());
            }
          }
        }
      }
    }
  }

  /** Each schema entry by name: the table it belongs to, then its SQL. */
  public static Map<String, String> storedCode(SqliteSandbox db) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (Statement st = db.connection().createStatement();
         ResultSet rs = st.executeQuery("SELECT name, tbl_name, sql FROM sqlite_schema")) {
      while (rs.next()) out.put(rs.getString(1), rs.getString(2) + "\n" + rs.getString(3));
    }
    return out;
  }

  private static void checkText(String sql, Use use) throws Refused {
    if (SqlStatements.mentionsPragma(sql)) {
      throw new Refused("contains the word PRAGMA, which is refused anywhere in user SQL, even in a string or comment: "
          + "SQLite carries out parts of a PRAGMA while merely compiling it. Read table details with "
          + "pragma_table_info(...) in a SELECT; pass text that contains the word as a parameter");
    }
    if (sql.indexOf('\0') >= 0) {
      throw new Refused("contains a NUL character, where SQLite stops reading; remove it");
    }
    // EXPLAIN and the one-statement probe add 10 bytes; SQLite must see the whole text both times.
    int bytes = sql.getBytes(StandardCharsets.UTF_8).length;
    int max = SqliteSandbox.LIMITS.get(SQLiteLimits.SQLITE_LIMIT_SQL_LENGTH) - 10;
    if (bytes > max) {
      throw new Refused("is " + bytes + " bytes long; one statement may have at most " + max + ", " + use.oneStatementFix);
    }
  }

  /**
   * SQLite compiles only the first statement of a text and never reads past its end. So a ")"
   * appended on a new line is a syntax error when the text is one statement, and goes unnoticed
   * when a statement ended earlier (at a ';', however the text around it is quoted or commented).
   */
  private static void requireOneStatement(Connection c, String sql, Use use) throws Refused {
    try (var st = c.prepareStatement("EXPLAIN " + sql + "\n)")) {
      throw new Refused("holds more than one statement (SQLite ends the first before the end of the text, and the rest "
          + "would run unchecked); " + use.oneStatementFix);
    } catch (SQLException e) {
      if (!String.valueOf(e.getMessage()).contains("near \")\": syntax error")) {
        throw new Refused("could not be confirmed to be a single statement by SQLite (" + e.getMessage() + "); " + use.oneStatementFix);
      }
    }
  }

  /** Refusals that hold for the statement and for every trigger it fires, in every use. */
  private static void checkAnywhere(SqlAction action, Use use) throws Refused {
    switch (action.type()) {
      case ATTACH, DETACH -> throw new Refused("uses " + action.describe()
          + ", which is not allowed: user SQL may only touch the app's own database; leave it out");
      case PRAGMA -> throw new Refused("is a PRAGMA, which is not allowed in user SQL; leave it out");
      case VACUUM -> throw new Refused("is a VACUUM, which is not allowed (VACUUM INTO writes a file anywhere); leave it out");
      case TRANSACTION -> throw new Refused("is transaction control (BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE), "
          + "which is not allowed: " + use.transactionFix);
      case HEADER_WRITE -> throw new Refused("writes the database header (user_version, application_id), which is not "
          + "allowed: drift keeps the schema version there");
      case FUNCTION -> {
        if (DENIED_FUNCTIONS.contains(action.target())) {
          throw new Refused("calls " + action.describe() + ", which is not allowed: user SQL may not load extensions or read and write files");
        }
      }
      case VIRTUAL_TABLE, VIRTUAL_TABLE_WRITE -> {
        if (action.target() == null) {
          throw new Refused("uses a virtual table or table-valued function that is not allowed; allowed are the "
              + "project's own virtual tables and " + new TreeSet<>(READ_ONLY_TABLE_FUNCTIONS));
        }
      }
      default -> { }
    }
  }

  /** A DAO query is one SELECT (or WITH/VALUES) or one INSERT, UPDATE or DELETE of the project's tables. */
  private static void checkQuery(CompiledStatement compiled) throws Refused {
    for (SqlAction action : compiled.ownActions()) {
      if (action.type() == Type.SCHEMA_CHANGE) {
        throw new Refused("changes the schema, which a DAO query may not; add tables with drift_add_table and "
            + "other schema objects with drift_create_migration");
      }
      if (action.type() == Type.VIRTUAL_TABLE_WRITE) {
        throw new Refused("writes the virtual table " + action.target() + ", which a DAO query may not (its triggers keep it up to date)");
      }
    }
    if (compiled.kind() == StatementKind.OTHER) {
      throw new Refused("must be one SELECT (or WITH/VALUES), INSERT, UPDATE or DELETE statement");
    }
  }

  /** The read-only table-valued functions and the virtual tables of the schema (FTS5 tables, ...), by SQLite's table list. */
  private static List<String> knownVirtualTables(Connection c) throws SQLException {
    List<String> names = new ArrayList<>(new TreeSet<>(READ_ONLY_TABLE_FUNCTIONS));
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'virtual' ORDER BY name")) {
      while (rs.next()) names.add(rs.getString(1));
    }
    return names;
  }

  /** Statements that make SQLite compile everything stored for a table or view; only compiled, never run. */
  private static List<String> probes(Connection c, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (var st = c.prepareStatement("SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0")) {
      st.setString(1, table);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) columns.add(SqlSchema.quote(rs.getString(1)));
      }
    }
    String name = SqlSchema.quote(table);
    List<String> probes = new ArrayList<>(List.of("SELECT * FROM " + name, "INSERT INTO " + name + " DEFAULT VALUES",
        "DELETE FROM " + name));
    if (!columns.isEmpty()) {
      probes.add("UPDATE " + name + " SET " + String.join(", ", columns.stream().map(col -> col + " = " + col).toList()));
    }
    return probes;
  }
}
