package dev.driftsmith.schema;

/**
 * The one text format our SQL writes date-times in: ISO-8601 in UTC with milliseconds and a
 * {@code Z} ({@code 2024-05-01T12:00:00.000Z}). It is exactly what drift writes for a UTC
 * {@code DateTime} with {@code store_date_time_values_as_text} ({@code toIso8601String()}), and drift
 * reads it back as that instant in UTC. Drift writes local times as {@code 2024-05-01T14:00:00.000 +02:00},
 * and projects generated before this format stored SQLite's {@code 2024-05-01 12:00:00}; the three
 * do not sort as text in time order, so comparisons go through {@code julianday()}.
 */
public final class DateTimeSql {
  private DateTimeSql() {}

  /** strftime's pattern for the format; {@code %f} is seconds with three decimals, as drift writes them. */
  public static final String FORMAT = "%Y-%m-%dT%H:%M:%fZ";

  /** The current time in the format (SQLite's clock is UTC). */
  public static final String NOW = utc("'now'");

  /**
   * {@code timeAndModifiers} (a time in any form SQLite reads: ours, drift's local form, SQLite's own;
   * optionally followed by modifiers such as {@code '+5 seconds'}) in the format.
   */
  public static String utc(String timeAndModifiers) {
    return "strftime('" + FORMAT + "', " + timeAndModifiers + ")";
  }

  /** {@code value} as a time that compares and orders correctly whichever text form it was stored in. */
  public static String instant(String value) {
    return "julianday(" + value + ")";
  }

  /**
   * Whether {@code column} holds SQLite's own text form ({@code YYYY-MM-DD HH:MM:SS}, optionally with
   * milliseconds): what {@code CURRENT_TIMESTAMP} and older outbox defaults wrote. Drift never writes
   * it (its forms have a {@code T}).
   */
  public static String isSqliteForm(String column) {
    String time = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]";
    return "(" + column + " GLOB '" + time + "' OR " + column + " GLOB '" + time + ".[0-9][0-9][0-9]')";
  }

  /**
   * {@code column}'s value in the format when it is in SQLite's own form. Those values are UTC, and
   * drift read them as UTC, so the instant stays the same. Any other value (drift's own forms, NULL,
   * text that is no date) is left as it is.
   */
  public static String fromSqliteForm(String column) {
    return "CASE WHEN " + isSqliteForm(column) + " THEN coalesce(" + utc(column) + ", " + column + ") ELSE " + column + " END";
  }
}
