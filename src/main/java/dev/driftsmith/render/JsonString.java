package dev.driftsmith.render;

/** A JSON string literal holding exactly the given text; invisible characters as <code>&#92;u</code> escapes. */
public final class JsonString {
  private JsonString() {}

  public static String quoted(String value) {
    return '"' + Escaping.each(value, cp -> switch (cp) {
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> Escaping.invisible(cp) ? utf16Escapes(cp) : null;
    }) + '"';
  }

  /** JSON escapes UTF-16 units: a character beyond U+FFFF is written as its surrogate pair. */
  private static String utf16Escapes(int cp) {
    StringBuilder sb = new StringBuilder();
    for (char unit : Character.toChars(cp)) sb.append("\\u").append(Escaping.hex(unit));
    return sb.toString();
  }
}
