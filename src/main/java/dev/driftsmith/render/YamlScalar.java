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
    return '"' + Escaping.each(value, cp -> switch (cp) {
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> Escaping.invisible(cp) || isNonCharacter(cp) ? escape(cp) : null;
    }) + '"';
  }

  /** U+FFFE and U+FFFF are outside YAML's printable set; written raw, the file would not parse. */
  private static boolean isNonCharacter(int cp) {
    return cp == 0xFFFE || cp == 0xFFFF;
  }

  private static String escape(int cp) {
    return cp <= 0xFFFF ? "\\u" + Escaping.hex(cp) : String.format("\\U%08X", cp);
  }
}
