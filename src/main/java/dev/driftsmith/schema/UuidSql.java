package dev.driftsmith.schema;

/**
 * A random RFC 4122 version-4 UUID computed by SQLite, for the values that must be unique across
 * devices without asking a server: operation ids, the global record ids of synced rows, and the keys
 * of tables created with {@code idType: uuid}. SQL makes them so that every write path gets one.
 */
public final class UuidSql {
  private UuidSql() {}

  /** The expression, as drift's {@code CustomExpression} holds it (drift brackets it in a DEFAULT clause). */
  public static final String EXPRESSION = "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
      + "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || "
      + "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))";

  /** The expression bracketed: a value inside other SQL, and the form of a DEFAULT clause. */
  public static final String V4 = "(" + EXPRESSION + ")";
}
