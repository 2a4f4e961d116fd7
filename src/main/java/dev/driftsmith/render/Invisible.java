package dev.driftsmith.render;

/**
 * Characters a reader cannot see but that change what text means or how it displays: control
 * characters, line and paragraph separators, and format characters such as the bidi overrides
 * (U+202A–U+202E, U+2066–U+2069) behind "Trojan Source" attacks, zero-width spaces and joiners.
 * Every escaper writes them as escapes, so generated files show exactly what they hold.
 */
final class Invisible {
  private Invisible() {}

  static boolean is(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.CONTROL || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
  }

  /** Unpaired UTF-16 halves cannot be written as UTF-8 at all; the tool boundary refuses them. */
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
