package dev.driftsmith.render;

/**
 * Text for HTML element content and quoted attribute values: markup characters as entities, so a
 * value cannot close the attribute or the element (or open a {@code <script>}); invisible
 * characters as numeric references. Tabs and line feeds stay, as HTML whitespace.
 */
public final class HtmlText {
  private HtmlText() {}

  public static String escape(String value) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < value.length(); ) {
      int cp = Invisible.codePointAt(value, i);
      switch (cp) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        // HTML reads a raw CR as a line feed; the reference keeps it.
        case '\r' -> sb.append("&#13;");
        case '\t', '\n' -> sb.appendCodePoint(cp);
        default -> {
          if (Invisible.is(cp)) sb.append("&#x").append(Invisible.hex(cp)).append(';');
          else sb.appendCodePoint(cp);
        }
      }
      i += Character.charCount(cp);
    }
    return sb.toString();
  }
}
