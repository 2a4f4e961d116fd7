package dev.driftsmith.render;

/** Escaping for values placed inside SQL that SQLite runs. */
public final class SqlCode {
  private SqlCode() {}

  /**
   * A SQL string literal holding exactly {@code value}: quotes doubled, as SQLite (and drift's own
   * literals) do; SQL has no backslash escapes. NUL cannot appear: SQLite reads SQL text up to it.
   */
  public static String string(String value) {
    return "'" + withoutNul(value).replace("'", "''") + "'";
  }

  /** A quoted identifier ({@code "name"}), double quotes doubled. */
  public static String identifier(String name) {
    return '"' + withoutNul(name).replace("\"", "\"\"") + '"';
  }

  /**
   * A REAL literal ({@code 0.5}, {@code 1.0E300}). Schema steps already recorded in manifests spell
   * defaults this way, and a fresh install must stay equal to an upgrade through them, so the
   * spelling stays Java's; SQLite reads both it and Dart's spelling as the same double.
   */
  public static String real(double value) {
    if (!Double.isFinite(value)) throw new IllegalArgumentException(value + " has no SQL literal");
    return Double.toString(value);
  }

  private static String withoutNul(String value) {
    if (value.indexOf('\0') >= 0) throw new IllegalArgumentException("SQL text cannot hold NUL (U+0000)");
    return value;
  }
}
