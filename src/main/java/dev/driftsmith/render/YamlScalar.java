package dev.driftsmith.render;

/**
 * A YAML double-quoted scalar holding exactly the given text, whatever it contains: {@code : },
 * {@code #}, a leading {@code - }, newlines (which would otherwise start new keys), quotes, or words
 * YAML would read as another type ({@code yes}, {@code null}, {@code 1.0}). Invisible characters are
 * written as <code>&#92;u</code> escapes. Valid YAML 1.1 and 1.2, as pub's YAML parser reads pubspec.yaml.
 */
public final class YamlScalar {
  private YamlScalar() {}

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
          if (Invisible.is(cp) || isNonCharacter(cp)) sb.append(escape(cp));
          else sb.appendCodePoint(cp);
        }
      }
      i += Character.charCount(cp);
    }
    return sb.append('"').toString();
  }

  /** U+FFFE and U+FFFF are outside YAML's printable set; written raw, the file would not parse. */
  private static boolean isNonCharacter(int cp) {
    return cp == 0xFFFE || cp == 0xFFFF;
  }

  private static String escape(int cp) {
    return cp <= 0xFFFF ? "\\u" + Invisible.hex(cp) : String.format("\\U%08X", cp);
  }
}
