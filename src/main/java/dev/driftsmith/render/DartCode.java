package dev.driftsmith.render;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Escaping for values placed inside generated Dart source. */
public final class DartCode {
  private DartCode() {}

  /**
   * A single-quoted Dart string literal holding exactly {@code value}: no interpolation ({@code $}
   * escaped), and invisible characters (bidi controls, zero-width and control characters) written
   * as <code>&#92;u{202E}</code>-style escapes, so the source shows what the string holds.
   */
  public static String string(String value) {
    if (value == null) return "null";
    synchronized (LITERALS) {
      String known = LITERALS.get(value);
      if (known != null) return known;
    }
    String literal = literal(value);
    synchronized (LITERALS) {
      if (LITERALS.put(value, literal) == null) literalChars += value.length();
      for (var eldest = LITERALS.keySet().iterator(); literalChars > LITERAL_CHARS && eldest.hasNext(); ) {
        literalChars -= eldest.next().length();
        eldest.remove();
      }
    }
    return literal;
  }

  /**
   * The literals of the last few million characters escaped: the generated SQL (sync's triggers,
   * the migration steps) repeats the same statements from call to call, and escaping them one code
   * point at a time was a fifth of rendering a large project. Strings are immutable, so a literal
   * found by its value is the one escaping would write.
   */
  private static final Map<String, String> LITERALS = new LinkedHashMap<>(1024, 0.75f, true);
  private static final long LITERAL_CHARS = 4L << 20;
  private static long literalChars;

  private static String literal(String value) {
    return "'" + Escaping.each(value, cp -> switch (cp) {
      case '\\' -> "\\\\";
      case '\'' -> "\\'";
      case '$' -> "\\$";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> Escaping.invisible(cp) ? unicodeEscape(cp) : null;
    }) + "'";
  }

  /**
   * Text for the rest of a {@code //} or {@code ///} line: line breaks and invisible characters
   * become visible escapes ({@code \n}, <code>&#92;u{202E}</code>), so the value can neither end the comment
   * and start code nor reorder what a reviewer sees. {@code /*} is written {@code /\*}: Dart reads
   * it as comment text, but tree-sitter-dart (our syntax gate) can take it for a block comment.
   */
  public static String comment(String value) {
    return Escaping.each(value.replace("/*", "/\\*"), cp -> switch (cp) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> " ";
      default -> Escaping.invisible(cp) ? unicodeEscape(cp) : null;
    });
  }

  private static String unicodeEscape(int cp) {
    return "\\u{" + Escaping.hex(cp) + "}";
  }

  /**
   * A double as Dart's {@code double.toString()} writes it (shortest digits that read back as the
   * same double; exponent form from 1e21 and below 1e-6): {@code 0.5}, {@code 2.0}, {@code 1e+300}.
   * Non-finite values have no literal; the tool boundary refuses them.
   */
  public static String doubleLiteral(double value) {
    if (!Double.isFinite(value)) throw new IllegalArgumentException(value + " has no Dart literal");
    if (value == 0) return 1 / value < 0 ? "-0.0" : "0.0";
    BigDecimal shortest = shortest(value);
    String digits = shortest.unscaledValue().abs().toString();
    // value = 0.digits × 10^point, as in ECMAScript's Number::toString, which Dart follows.
    int point = digits.length() - shortest.scale();
    String sign = value < 0 ? "-" : "";
    if (point > 21 || point < -5) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      int exponent = point - 1;
      return sign + mantissa + "e" + (exponent >= 0 ? "+" : "-") + Math.abs(exponent);
    }
    if (point <= 0) return sign + "0." + "0".repeat(-point) + digits;
    if (point >= digits.length()) return sign + digits + "0".repeat(point - digits.length()) + ".0";
    return sign + digits.substring(0, point) + "." + digits.substring(point);
  }

  /** The fewest significant digits that still read back as {@code value}. */
  private static BigDecimal shortest(double value) {
    BigDecimal exact = new BigDecimal(value);
    for (int precision = 1; precision < 17; precision++) {
      BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == value) return rounded.stripTrailingZeros();
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }
}
