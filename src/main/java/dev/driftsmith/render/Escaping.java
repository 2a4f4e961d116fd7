package dev.driftsmith.render;

import java.util.function.IntFunction;

/** What the escapers of every format share: walking text by code point, and which characters are invisible. */
final class Escaping {
  private Escaping() {}

  /**
   * Characters a reader cannot see but that change what text means or how it displays: control
   * characters, line and paragraph separators, and format characters such as the bidi overrides
   * (U+202A–U+202E, U+2066–U+2069) behind "Trojan Source" attacks, zero-width spaces and joiners.
   * Every escaper writes them as escapes, so generated files show exactly what they hold.
   */
  static boolean invisible(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.CONTROL || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
  }

  /**
   * {@code value} rebuilt code point by code point: {@code escape} gives the replacement of one,
   * or null to keep it. An unpaired UTF-16 half has no UTF-8 form at all, so it is refused (the
   * tool boundary refuses it first).
   */
  static String each(String value, IntFunction<String> escape) {
    StringBuilder sb = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); ) {
      int cp = codePointAt(value, i);
      String replacement = escape.apply(cp);
      if (replacement == null) sb.appendCodePoint(cp);
      else sb.append(replacement);
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  static int codePointAt(String s, int i) {
    int cp = s.codePointAt(i);
    if (cp == s.charAt(i) && Character.isSurrogate(s.charAt(i))) {
      throw new IllegalArgumentException("unpaired surrogate U+" + hex(cp) + " at index " + i);
    }
    return cp;
  }

  static String hex(int codePoint) {
    return String.format("%04X", codePoint);
  }
}
