package dev.driftsmith.render;

/** Escaping for values placed inside generated Dart source. */
public final class DartCode {
  private DartCode() {}

  /** A single-quoted Dart string literal holding exactly {@code value} (no interpolation). */
  public static String string(String value) {
    if (value == null) return "null";
    StringBuilder sb = new StringBuilder("'");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\'' -> sb.append("\\'");
        case '$' -> sb.append("\\$");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) sb.append(String.format("\\u{%x}", (int) c));
          else sb.append(c);
        }
      }
    }
    return sb.append('\'').toString();
  }
}
