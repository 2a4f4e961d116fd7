package dev.driftsmith.input;

import java.util.Locale;

/**
 * How long a text field may be. The bounds are far above what a real app needs, and low enough
 * that a runaway value (a 10 MB title) is refused with its field's name before it grows the project.
 */
public enum TextSize {
  /** Names, ids, titles, banner messages, enum values: one short line. */
  LABEL(200, "names and titles"),
  /** Descriptions and text column defaults. */
  DESCRIPTION(1_000, "descriptions and text defaults"),
  URL(2_000, "URLs"),
  /** Linux's PATH_MAX. */
  PATH(4_096, "paths"),
  /** One SQL statement. */
  SQL(100_000, "SQL statements");

  private final int max;
  private final String what;

  TextSize(int max, String what) {
    this.max = max;
    this.what = what;
  }

  /** Every bound, for messages: "names and titles at most 200 characters, ...". */
  public static String summary() {
    StringBuilder sb = new StringBuilder();
    for (TextSize size : values()) {
      sb.append(sb.isEmpty() ? "" : ", ").append(size.what).append(" at most ").append(count(size.max));
    }
    return sb.append(" characters").toString();
  }

  public int max() {
    return max;
  }

  /** Refuses {@code value} when it is longer than this size allows. */
  public void check(String field, String value) throws ToolException {
    if (value.length() > max) throw new ToolException(field, "is " + tooLong(value));
  }

  /** As {@link #check}, for a key of the object at {@code field}. */
  public void checkKey(String field, String key) throws ToolException {
    if (key.length() > max) throw new ToolException(field, "the key " + ValueRules.preview(key) + " is " + tooLong(key));
  }

  private String tooLong(String value) {
    return count(value.length()) + " characters long (" + ValueRules.preview(value) + "); at most " + count(max)
        + " are accepted, so shorten it";
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
