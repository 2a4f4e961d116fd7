package dev.driftsmith.schema;

/**
 * One thing a statement would do, read from the program SQLite compiled for it. {@code target}
 * names what it acts on when the program says (a table, a function, a virtual table), else null;
 * {@code inTrigger} is set for actions of the triggers and foreign-key actions the statement fires.
 */
public record SqlAction(Type type, String target, boolean inTrigger) {
  public enum Type {
    /** ATTACH DATABASE: opens, or creates, another database file. */
    ATTACH,
    DETACH,
    /** A PRAGMA statement. */
    PRAGMA,
    /** VACUUM, including VACUUM INTO a file. */
    VACUUM,
    /** BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT or RELEASE. */
    TRANSACTION,
    /** A call of a function, by the name SQLite resolved it to. */
    FUNCTION,
    /** A read of a virtual table or table-valued function (target null when SQLite's program does not identify it). */
    VIRTUAL_TABLE,
    /** A write through a virtual table, such as an FTS5 index command. */
    VIRTUAL_TABLE_WRITE,
    /** CREATE, DROP or ALTER of a table, index, trigger or view. */
    SCHEMA_CHANGE,
    /** A write to the database header other than the schema counter: user_version, application_id, ... */
    HEADER_WRITE,
    READ,
    INSERT,
    UPDATE,
    DELETE
  }

  static SqlAction of(Type type, String target, boolean inTrigger) {
    return new SqlAction(type, target, inTrigger);
  }

  /** For messages: {@code FUNCTION load_extension} reads "load_extension()". */
  public String describe() {
    return switch (type) {
      case ATTACH -> "ATTACH DATABASE";
      case DETACH -> "DETACH DATABASE";
      case PRAGMA -> "PRAGMA";
      case VACUUM -> "VACUUM";
      case TRANSACTION -> "transaction control";
      case FUNCTION -> target + "()";
      case VIRTUAL_TABLE -> target == null ? "an unknown virtual table" : "the virtual table " + target;
      case VIRTUAL_TABLE_WRITE -> "a write to the virtual table " + (target == null ? "(unknown)" : target);
      case SCHEMA_CHANGE -> "a schema change";
      case HEADER_WRITE -> "a write to the database header";
      case READ, INSERT, UPDATE, DELETE -> type.name() + " " + target;
    };
  }
}
