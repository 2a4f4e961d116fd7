package dev.driftsmith.render;

import java.util.regex.Pattern;

/**
 * Text for one Markdown (CommonMark/GitHub) heading or paragraph that renders as exactly that text:
 * no emphasis, links, images, HTML, code spans or math. Line breaks become numeric references, so
 * the value stays on its line and cannot start a block (a heading, list, quote or code fence); only
 * its start can, and block markers there are escaped. Invisible characters become references too.
 */
public final class MarkdownText {
  private MarkdownText() {}

  /** Characters that start inline markup anywhere in a line. */
  private static final String INLINE = "\\`*_[]<#&~$|";
  /** Characters that start a block only at the start of a line. */
  private static final String BLOCK_START = ">-+=";
  private static final Pattern ORDERED_LIST = Pattern.compile("^[0-9]{1,9}[.)]");
  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});");

  public static String escape(String value) {
    StringBuilder sb = new StringBuilder();
    var list = ORDERED_LIST.matcher(value);
    int listMarker = list.find() ? list.end() - 1 : -1;
    for (int i = 0; i < value.length(); ) {
      int cp = Escaping.codePointAt(value, i);
      boolean edge = i == 0 || i + Character.charCount(cp) == value.length();
      if (cp == '\n' || cp == '\r' || Escaping.invisible(cp) || (edge && (cp == ' ' || cp == '\t'))) {
        // Markdown trims spaces at the ends of a heading or paragraph; references keep them.
        sb.append("&#").append(cp).append(';');
      } else if (cp == '&' && !ENTITY.matcher(value).region(i, value.length()).lookingAt()) {
        sb.append('&');
      } else if (INLINE.indexOf(cp) >= 0 || (i == 0 && BLOCK_START.indexOf(cp) >= 0) || i == listMarker) {
        sb.append('\\').appendCodePoint(cp);
      } else {
        sb.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    return sb.toString();
  }
}
