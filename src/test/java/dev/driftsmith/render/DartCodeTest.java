package dev.driftsmith.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.testing.DartLiterals;
import dev.driftsmith.testing.DartSyntax;
import dev.driftsmith.testing.HostileStrings;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DartCodeTest {
  @Test
  void stringsHoldExactlyTheirValueAndNeverInterpolate() {
    assertEquals("'it\\'s \\$x \\${y} \\\\ \\n'", DartCode.string("it's $x ${y} \\ \n"));
    for (String value : new HostileStrings(1).take(400)) {
      String source = "const v = " + DartCode.string(value) + ";\n";
      assertEquals(List.of(), DartSyntax.problems(source), source);
      assertEquals(List.of(value), DartLiterals.of(source).strings, source);
    }
  }

  @Test
  void invisibleCharactersAreWrittenAsEscapes() {
    assertEquals("'a\\u{202E}b\\u{2066}c\\u{200B}\\u{FEFF}\\u{2028}'", DartCode.string("a\u202Eb\u2066c\u200B\uFEFF\u2028"));
    // A format character beyond U+FFFF (a tag character) is one escape, not two halves.
    assertEquals("'\\u{E0041}'", DartCode.string("\uDB40\uDC41"));
    assertEquals("'😀 é'", DartCode.string("😀 é"));
  }

  @Test
  void commentsStayOnTheirLine() {
    for (String value : new HostileStrings(2).take(400)) {
      String source = "// " + DartCode.comment(value) + "\nconst after = 1;\n";
      assertEquals(List.of(), DartSyntax.problems(source), source);
      DartLiterals literals = DartLiterals.of(source);
      assertEquals(1, literals.comments.size(), source);
      assertEquals(List.of("1"), literals.numbers, "the code after the comment is still code: " + source);
      assertTrue(source.codePoints().noneMatch(cp -> cp != '\n' && Escaping.invisible(cp)), source);
    }
    assertEquals("a\\nb\\r\\u{202E} c", DartCode.comment("a\nb\r\u202E\tc"));
  }

  /** Dart's own double.toString() output for each value. */
  @ParameterizedTest
  @CsvSource({"0.5, 0.5", "1.0, 1.0", "2, 2.0", "100, 100.0", "-2.5, -2.5", "0.1, 0.1",
      "0.30000000000000004, 0.30000000000000004", "1e20, 100000000000000000000.0", "1e21, 1e+21",
      "1e300, 1e+300", "1.5e300, 1.5e+300", "1e-6, 0.000001", "1e-7, 1e-7", "1.2345e-7, 1.2345e-7",
      "123456789.123, 123456789.123", "1.7976931348623157e308, 1.7976931348623157e+308", "4.9e-324, 5e-324",
      "-0.0, -0.0", "0, 0.0"})
  void doublesAreSpelledAsDartSpellsThem(double value, String dart) {
    assertEquals(dart, DartCode.doubleLiteral(value));
  }

  @Test
  void everyDoubleLiteralReadsBackAsTheSameDouble() {
    Random random = new Random(3);
    for (int i = 0; i < 20_000; i++) {
      double value = Double.longBitsToDouble(random.nextLong());
      if (!Double.isFinite(value)) continue;
      String literal = DartCode.doubleLiteral(value);
      assertEquals(value, Double.parseDouble(literal), literal);
      assertFalse(literal.contains("E"), literal);
    }
    String source = "const v = " + DartCode.doubleLiteral(-1.25e-300) + ";\n";
    assertEquals(List.of(), DartSyntax.problems(source));
  }

  @Test
  void nonFiniteNumbersHaveNoLiteral() {
    for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertThrows(IllegalArgumentException.class, () -> DartCode.doubleLiteral(value));
    }
  }

  @Test
  void anUnpairedSurrogateIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> DartCode.string("a\uD800b"));
    assertThrows(IllegalArgumentException.class, () -> DartCode.comment("\uDC00"));
  }

  /**
   * Literals are remembered by value: values with the same hash ("Aa" and "BB" in Java) or the same
   * length each get their own, asked for in any order and again, and a refused value stays refused.
   */
  @Test
  void rememberedLiteralsBelongToTheirOwnValue() {
    assertEquals("'Aa'", DartCode.string("Aa"));
    assertEquals("'BB'", DartCode.string("BB"));
    assertEquals("'Aa'", DartCode.string(new String("Aa")));
    assertEquals("'it\\'s'", DartCode.string("it's"));
    assertEquals("'it\\$s'", DartCode.string("it$s"));
    assertEquals("'it\\'s'", DartCode.string("it's"));
    assertThrows(IllegalArgumentException.class, () -> DartCode.string("a\uD800b"));
    assertThrows(IllegalArgumentException.class, () -> DartCode.string("a\uD800b"));
  }
}
