package dev.driftsmith.input;

import java.math.BigInteger;

/**
 * What every value must be before it can reach a file, whichever tool or hand edit brought it:
 * text without control characters, finite numbers, integers the web can hold, lists of a sane
 * length. One place, with plain (field, value) signatures, so tool arguments and hand-edited
 * manifests are held to the same rules.
 */
public final class ValueRules {
  private ValueRules() {}

  /** Items in one list or entries in one object of a call; also the columns of one table. */
  public static final int MAX_ITEMS = 500;
  /** All the text of one call together; a single SQL statement is at most a tenth of it. */
  public static final int MAX_CALL_TEXT = 1_000_000;
  /** 2^53 − 1: on the web a Dart int is a JavaScript number, exact only up to here. */
  public static final long MAX_WEB_INTEGER = 9_007_199_254_740_991L;

  /**
   * Text is printable Unicode: no control characters but tab, line feed and carriage return (NUL
   * would cut SQL and C strings short; the others corrupt files and terminals), no unpaired UTF-16
   * surrogate (it has no UTF-8 form, so it cannot be written to a file), and no noncharacter such as
   * U+FFFF (reserved for programs' internal use; HTML and YAML do not accept them).
   */
  public static void checkCharacters(String field, String value) throws ToolException {
    String problem = characterProblem(value);
    if (problem != null) throw new ToolException(field, problem);
  }

  /** As {@link #checkCharacters}, for a key of the object at {@code field}. */
  public static void checkKey(String field, String key) throws ToolException {
    String problem = characterProblem(key);
    if (problem != null) throw new ToolException(field, "the key " + preview(key) + " " + problem);
  }

  private static String characterProblem(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
        return "contains the control character " + codePoint(c) + (c == 0 ? " (NUL)" : "")
            + " at index " + i + "; remove it (tab and line breaks are accepted)";
      }
      int cp = value.codePointAt(i);
      if (cp == c && Character.isSurrogate(c)) {
        return "contains an unpaired UTF-16 surrogate " + codePoint(cp) + " at index " + i
            + ", which is not Unicode text; send the whole character (both halves) or remove it";
      }
      if (isNonCharacter(cp)) {
        return "contains the noncharacter " + codePoint(cp) + " at index " + i + ", which is not text; remove it";
      }
      if (Character.isSupplementaryCodePoint(cp)) i++;
    }
    return null;
  }

  public static void checkFinite(String field, double value) throws ToolException {
    if (!Double.isFinite(value)) {
      throw new ToolException(field, value + " is not a finite number (a number beyond ±1.8e308, such as 1e309, "
          + "reads as Infinity); send a finite number");
    }
  }

  /** An integer that lands in Dart source: refused beyond ±(2^53 − 1), where the web build cannot hold it exactly. */
  public static void checkWebInteger(String field, BigInteger value) throws ToolException {
    if (value.abs().compareTo(BigInteger.valueOf(MAX_WEB_INTEGER)) > 0) {
      throw new ToolException(field, value + " is beyond ±" + MAX_WEB_INTEGER + " (2^53 − 1): on the web, Dart ints are "
          + "JavaScript numbers, which cannot hold it exactly (the web compiler rejects such a literal); "
          + "use a smaller value, or a text or real column");
    }
  }

  public static void checkCount(String field, int count, int max, String what) throws ToolException {
    if (count > max) {
      throw new ToolException(field, "has " + TextSize.count(count) + " " + what + "; at most " + TextSize.count(max)
          + " are accepted");
    }
  }

  /** The start of a value for an error message, so a huge value does not become a huge message. */
  static String preview(String value) {
    String start = value.codePointCount(0, value.length()) <= 40 ? value
        : value.substring(0, value.offsetByCodePoints(0, 40)) + "…";
    return "'" + start.replaceAll("\\p{Cntrl}|\\p{Cs}", "?") + "'";
  }

  private static boolean isNonCharacter(int cp) {
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
  }

  private static String codePoint(int cp) {
    return String.format("U+%04X", cp);
  }
}
