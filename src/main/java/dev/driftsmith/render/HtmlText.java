package dev.driftsmith.render;

/**
 * Text for HTML element content and quoted attribute values: markup characters as entities, so a
 * value cannot close the attribute or the element (or open a {@code <script>}); invisible
 * characters as numeric references. Tabs and line feeds stay, as HTML whitespace.
 */
public final class HtmlText {
  private HtmlText() {}

  public static String escape(String value) {
    return Escaping.each(value, cp -> switch (cp) {
      case '&' -> "&amp;";
      case '<' -> "&lt;";
      case '>' -> "&gt;";
      case '"' -> "&quot;";
      case '\'' -> "&#39;";
      // HTML reads a raw CR as a line feed; the reference keeps it.
      case '\r' -> "&#13;";
      case '\t', '\n' -> null;
      default -> Escaping.invisible(cp) ? "&#x" + Escaping.hex(cp) + ";" : null;
    });
  }
}
