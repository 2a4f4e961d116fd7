package dev.driftsmith.render;

/** A JSON string literal holding exactly the given text; invisible characters as <code>&#92;u</code> escapes. */
public final class JsonString {
  private JsonString() {}

  public static String quoted(String value) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < value.length(); ) {
      int cp = Invisible.codePointAt(value, i);
      switch (cp) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (Invisible.is(cp)) {
            // JSON escapes UTF-16 units: a character beyond U+FFFF is written as its surrogate pair.
            for (char unit : Character.toChars(cp)) sb.append("\\u").append(Invisible.hex(unit));
          } else {
            sb.appendCodePoint(cp);
          }
        }
      }
      i += Character.charCount(cp);
    }
    return sb.append('"').toString();
  }
}
