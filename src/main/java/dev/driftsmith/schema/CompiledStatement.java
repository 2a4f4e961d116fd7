package dev.driftsmith.schema;

import dev.driftsmith.project.StatementKind;
import dev.driftsmith.schema.SqlAction.Type;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One statement as SQLite compiled it. {@code EXPLAIN} lists the VDBE program SQLite would run —
 * the statement's own opcodes, then the programs of the triggers and foreign-key actions it fires
 * — and every effect a statement can have is an opcode there: ATTACH is a call of
 * {@code sqlite_attach}, VACUUM is {@code Vacuum}, BEGIN is {@code AutoCommit}, a row written is
 * {@code Insert} with the table's name. Reading the program instead of the text means no comment,
 * casing, quoting or whitespace can hide what a statement does.
 *
 * <p>Compile on a connection whose state does not matter (a {@link SqliteSandbox#copy()}): SQLite
 * applies some settings while compiling. The opcodes read here are pinned by tests, so an SQLite
 * upgrade that compiles a kind of statement differently fails loudly.
 */
public record CompiledStatement(StatementKind kind, List<SqlAction> actions) {
  /** {@code Insert}/{@code Delete} flag of an UPDATE's row write (SQLite's OPFLAG_ISUPDATE). */
  private static final int IS_UPDATE = 0x04;
  /** {@code OpenRead} flag: P2 is a register, not a root page (SQLite's OPFLAG_P2ISREG). */
  private static final int P2_IS_REGISTER = 0x10;
  /** {@code SetCookie} fields a schema change writes: schema counter, file format, text encoding. */
  private static final Set<Long> SCHEMA_COOKIES = Set.of(1L, 2L, 5L);
  private static final Set<String> SCHEMA_OPCODES = Set.of("CreateBtree", "Destroy", "DropTable", "DropIndex",
      "DropTrigger", "ParseSchema", "VCreate", "VDestroy", "VRename");
  /** Opcodes only a PRAGMA compiles to. */
  private static final Set<String> PRAGMA_OPCODES = Set.of("JournalMode", "Checkpoint", "Pagecount", "MaxPgcnt");
  private static final Set<String> FUNCTION_OPCODES = Set.of("Function", "PureFunc", "AggStep", "AggStep1",
      "AggFinal", "AggValue", "AggInverse");

  public CompiledStatement {
    actions = List.copyOf(actions);
  }

  /** One row of EXPLAIN's listing; {@code inTrigger} for the programs of fired triggers and foreign-key actions. */
  private record Op(String opcode, long p1, long p2, long p3, String p4, int p5, boolean inTrigger) {}

  /**
   * Compiles {@code sql} on {@code connection} (never runs it) and reads its actions.
   * {@code knownVirtualTables} are the virtual tables and table-valued functions to name when the
   * program uses them; any other is reported with a null target.
   */
  public static CompiledStatement compile(Connection connection, String sql, Collection<String> knownVirtualTables)
      throws SQLException {
    return compile(connection, sql, () -> knownVirtualTables);
  }

  /** Names looked up on SQLite, asked for only when they are needed. */
  @FunctionalInterface
  public interface Names {
    Collection<String> get() throws SQLException;
  }

  /**
   * {@link #compile(Connection, String, Collection)}, with the virtual tables looked up only for a
   * program that opens one: listing them reads every table of the schema, and replaying a history
   * compiles thousands of statements, nearly none of which touches a virtual table.
   */
  public static CompiledStatement compile(Connection connection, String sql, Names knownVirtualTables) throws SQLException {
    List<Op> program = explain(connection, "EXPLAIN " + sql);
    boolean virtual = program.stream().anyMatch(op -> op.opcode().equals("VOpen") || op.opcode().equals("VUpdate"));
    Map<String, String> virtualTables = virtual ? virtualTableIds(connection, knownVirtualTables.get()) : Map.of();
    Set<Long> read = new TreeSet<>();
    for (Op op : program) if (isRead(op)) read.add(op.p2());
    Map<Long, String> roots = read.isEmpty() ? Map.of() : rootPages(connection, read);
    Set<SqlAction> actions = new LinkedHashSet<>();
    boolean returnsRows = false;
    for (Op op : program) {
      SqlAction action = actionOf(op, roots, virtualTables);
      if (action != null) actions.add(action);
      returnsRows |= !op.inTrigger() && op.opcode().equals("ResultRow");
    }
    List<SqlAction> list = new ArrayList<>(actions);
    return new CompiledStatement(kindOf(list, returnsRows), list);
  }

  /** The actions of the statement itself, without those of the triggers it fires. */
  public List<SqlAction> ownActions() {
    return actions.stream().filter(a -> !a.inTrigger()).toList();
  }

  private static SqlAction actionOf(Op op, Map<Long, String> roots, Map<String, String> virtualTables) {
    boolean t = op.inTrigger();
    String code = op.opcode();
    if (FUNCTION_OPCODES.contains(code) && op.p4() != null) return functionCall(op.p4(), t);
    if (SCHEMA_OPCODES.contains(code)) return SqlAction.of(Type.SCHEMA_CHANGE, null, t);
    if (PRAGMA_OPCODES.contains(code)) return SqlAction.of(Type.PRAGMA, null, t);
    return switch (code) {
      // sqlite3VdbeRunOnlyOnce: the program of every PRAGMA starts Init, Expire 1 1.
      case "Expire" -> op.p1() == 1 && op.p2() == 1 ? SqlAction.of(Type.PRAGMA, null, t) : null;
      case "Vacuum", "IncrVacuum" -> SqlAction.of(Type.VACUUM, null, t);
      case "AutoCommit", "Savepoint" -> SqlAction.of(Type.TRANSACTION, null, t);
      case "SetCookie" -> SqlAction.of(SCHEMA_COOKIES.contains(op.p2()) ? Type.SCHEMA_CHANGE : Type.HEADER_WRITE, null, t);
      case "VOpen" -> SqlAction.of(Type.VIRTUAL_TABLE, virtualTables.get(op.p4()), t);
      case "VUpdate" -> SqlAction.of(Type.VIRTUAL_TABLE_WRITE, virtualTables.get(op.p4()), t);
      case "OpenRead", "ReopenIdx" -> isRead(op) ? read(op, roots, t) : null;
      // P4 names the table only for writes of rows (the change counters and update hook see them),
      // never for SQLite's own bookkeeping (sqlite_schema, temporary b-trees).
      case "Insert" -> op.p4() == null ? null : SqlAction.of((op.p5() & IS_UPDATE) != 0 ? Type.UPDATE : Type.INSERT, op.p4(), t);
      case "Delete" -> op.p4() == null ? null : SqlAction.of((op.p5() & IS_UPDATE) != 0 ? Type.UPDATE : Type.DELETE, op.p4(), t);
      case "Clear" -> op.p4() == null ? null : SqlAction.of(Type.DELETE, op.p4(), t);
      default -> null;
    };
  }

  /** P4 of a function opcode is SQLite's resolved name and argument count: {@code load_extension(1)}. */
  private static SqlAction functionCall(String p4, boolean inTrigger) {
    int paren = p4.lastIndexOf('(');
    String name = (paren < 0 ? p4 : p4.substring(0, paren)).toLowerCase(java.util.Locale.ROOT);
    return switch (name) {
      case "sqlite_attach" -> SqlAction.of(Type.ATTACH, null, inTrigger);
      case "sqlite_detach" -> SqlAction.of(Type.DETACH, null, inTrigger);
      default -> SqlAction.of(Type.FUNCTION, name, inTrigger);
    };
  }

  private static boolean isRead(Op op) {
    return (op.opcode().equals("OpenRead") || op.opcode().equals("ReopenIdx")) && (op.p5() & P2_IS_REGISTER) == 0;
  }

  /** A cursor on a table or index of the main database (P3 = 0) reads that table. */
  private static SqlAction read(Op op, Map<Long, String> roots, boolean inTrigger) {
    if (op.p3() != 0) return null;
    String table = roots.get(op.p2());
    return table == null ? null : SqlAction.of(Type.READ, table, inTrigger);
  }

  private static StatementKind kindOf(List<SqlAction> actions, boolean returnsRows) {
    Set<Type> own = new java.util.HashSet<>();
    for (SqlAction a : actions) if (!a.inTrigger()) own.add(a.type());
    Set<Type> other = Set.of(Type.ATTACH, Type.DETACH, Type.PRAGMA, Type.VACUUM, Type.TRANSACTION,
        Type.SCHEMA_CHANGE, Type.HEADER_WRITE, Type.VIRTUAL_TABLE_WRITE);
    if (own.stream().anyMatch(other::contains)) return StatementKind.OTHER;
    // An UPSERT writes both; it is an INSERT. A DELETE never writes with Insert.
    if (own.contains(Type.INSERT)) return StatementKind.INSERT;
    if (own.contains(Type.UPDATE)) return StatementKind.UPDATE;
    if (own.contains(Type.DELETE)) return StatementKind.DELETE;
    return returnsRows ? StatementKind.SELECT : StatementKind.OTHER;
  }

  private static List<Op> explain(Connection connection, String explain) throws SQLException {
    List<Op> ops = new ArrayList<>();
    try (var st = connection.prepareStatement(explain); ResultSet rs = st.executeQuery()) {
      boolean inTrigger = false;
      while (rs.next()) {
        // Each trigger program is listed after the statement's own, numbered from 0 again.
        inTrigger |= !ops.isEmpty() && rs.getLong("addr") == 0;
        ops.add(new Op(rs.getString("opcode"), rs.getLong("p1"), rs.getLong("p2"), rs.getLong("p3"),
            rs.getString("p4"), rs.getInt("p5"), inTrigger));
      }
    }
    return ops;
  }

  /** Root page → table, for the cursors a program opens on tables and their indexes. */
  /**
   * The table of each root page in {@code pages}: only those a program reads, since a row of
   * every object in a large schema costs more to hand to Java than SQLite takes to find the few.
   */
  private static Map<Long, String> rootPages(Connection connection, Set<Long> pages) throws SQLException {
    Map<Long, String> roots = new HashMap<>();
    StringBuilder in = new StringBuilder();
    for (long page : pages) in.append(in.length() == 0 ? "" : ", ").append(page);
    try (Statement st = connection.createStatement();
         ResultSet rs = st.executeQuery("SELECT rootpage, tbl_name FROM sqlite_schema WHERE rootpage IN (" + in + ")")) {
      while (rs.next()) roots.put(rs.getLong(1), rs.getString(2));
    }
    return roots;
  }

  /**
   * The identity SQLite prints for each known virtual table ({@code vtab:ADDRESS}, P4 of
   * {@code VOpen}), found by compiling a read of it on the same connection, where each virtual
   * table keeps its one instance. A name missing from SQLite (json_each in a build without JSON) is skipped.
   */
  private static Map<String, String> virtualTableIds(Connection connection, Collection<String> names) throws SQLException {
    Map<String, String> ids = new HashMap<>();
    for (String name : names) {
      try {
        for (Op op : explain(connection, "EXPLAIN SELECT * FROM " + SqlSchema.quote(name))) {
          if (op.opcode().equals("VOpen")) ids.put(op.p4(), name);
        }
      } catch (SQLException e) {
        // Not a virtual table here: nothing to name.
      }
    }
    return ids;
  }
}
