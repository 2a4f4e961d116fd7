package dev.driftsmith.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The boundary: every value of a call is held to {@link ValueRules}, and every reader to its bounds. */
class ArgsTest {
  static ToolException refused(Args args) {
    return assertThrows(ToolException.class, args::checkValues);
  }

  static void assertMessage(ToolException e, String field, String hint) {
    assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(hint), e.getMessage());
  }

  @Test
  void controlCharactersAreRefusedWhereverTheyAre() throws ToolException {
    assertMessage(refused(Args.parse("{\"columns\": [{\"name\": \"a\"}, {\"name\": \"b\\u0000\"}]}")),
        "columns[1].name", "U+0000 (NUL) at index 1");
    assertMessage(refused(Args.parse("{\"customMessages\": {\"offline\": \"\\u001b[31mred\"}}")),
        "customMessages.offline", "U+001B");
    assertMessage(refused(Args.parse("{\"x\": \"\\u0085\"}")), "x", "U+0085");
    Args.parse("{\"x\": \"tab\\tnew\\nline\\r\\n \\u202E \\uD83D\\uDE00\"}").checkValues();
  }

  @Test
  void textMustBeUnicode() throws ToolException {
    assertMessage(refused(Args.parse("{\"x\": \"a\\uD800b\"}")), "x", "unpaired UTF-16 surrogate U+D800 at index 1");
    assertMessage(refused(Args.parse("{\"x\": \"\\uDE00\"}")), "x", "U+DE00");
    assertMessage(refused(Args.parse("{\"x\": \"\\uFFFF\"}")), "x", "noncharacter U+FFFF");
    assertMessage(refused(Args.parse("{\"x\": \"\\uFDD0\"}")), "x", "noncharacter");
    Args.parse("{\"x\": \"\\uFFFD \\uDBFF\\uDFFD\"}").checkValues();
  }

  @Test
  void numbersMustBeFinite() throws ToolException {
    assertMessage(refused(Args.parse("{\"delay\": 1e309}")), "delay", "not a finite number");
    assertMessage(refused(Args.parse("{\"t\": [{\"d\": -1e400}]}")), "t[0].d", "not a finite number");
    Map<String, Object> nan = new HashMap<>();
    nan.put("ratio", Double.NaN);
    assertMessage(refused(Args.of(nan)), "ratio", "not a finite number");
    // A reader refuses NaN on its own too: NaN passes every range comparison.
    assertMessage(assertThrows(ToolException.class, () -> Args.of(nan).optNumber("ratio", 0.1, 60)), "ratio", "0.1 to 60");
  }

  @Test
  void wholeNumbersDoNotWrapAroundIntoTheirRange() throws ToolException {
    Args args = Args.parse("{\"maxRetries\": 18446744073709551621, \"batchSize\": 50}");
    assertMessage(assertThrows(ToolException.class, () -> args.optInt("maxRetries", 1, 10)), "maxRetries", "1 to 10");
    assertEquals(50, args.optInt("batchSize", 1, 500).orElseThrow());
  }

  @Test
  void scalarsNeverWrapAHugeInteger() throws ToolException {
    assertEquals(9_007_199_254_740_993L, Args.parse("{\"d\": 9007199254740993}").scalar("d").orElseThrow());
    assertEquals(new java.math.BigInteger("18446744073709551621"),
        Args.parse("{\"d\": 18446744073709551621}").scalar("d").orElseThrow());
    assertEquals(1e300, Args.parse("{\"d\": 1e300}").scalar("d").orElseThrow());
  }

  @Test
  void listsAndObjectsHaveABound() throws ToolException {
    String items = "0" + ", 0".repeat(ValueRules.MAX_ITEMS);
    assertMessage(refused(Args.parse("{\"tables\": [" + items + "]}")), "tables", "has 501 items; at most 500");
    StringBuilder entries = new StringBuilder();
    for (int i = 0; i <= ValueRules.MAX_ITEMS; i++) entries.append(i == 0 ? "" : ", ").append("\"k").append(i).append("\": 1");
    assertMessage(refused(Args.parse("{\"priorities\": {" + entries + "}}")), "priorities", "has 501 entries");
    Args.parse("{\"tables\": [" + "0, ".repeat(ValueRules.MAX_ITEMS - 1) + "0]}").checkValues();
  }

  @Test
  void aCallCarriesABoundedAmountOfTextNamedByItsLongestField() throws ToolException {
    String sql = "\"" + "x".repeat(TextSize.SQL.max()) + "\"";
    String eleven = sql + (", " + sql).repeat(10);
    ToolException e = refused(Args.parse("{\"name\": \"n\", \"upStatements\": [" + eleven + ", \"" + "y".repeat(TextSize.SQL.max() + 1) + "\"]}"));
    assertMessage(e, "upStatements[11]", "one call may carry at most 1,000,000 characters");
    assertTrue(e.getMessage().contains("SQL statements at most 100,000"), e.getMessage());
    Args.parse("{\"upStatements\": [" + sql + (", " + sql).repeat(8) + "]}").checkValues();
  }

  @Test
  void readersBoundTheirText() throws ToolException {
    Args args = Args.parse("{\"name\": \"" + "n".repeat(201) + "\", \"query\": \"" + "q".repeat(1001) + "\", "
        + "\"tables\": [\"ok\", \"" + "t".repeat(201) + "\"], \"strategies\": {\"" + "k".repeat(201) + "\": \"a\"}}");
    assertMessage(assertThrows(ToolException.class, () -> args.string("name")), "name", "is 201 characters long");
    assertMessage(assertThrows(ToolException.class, () -> args.string("name")), "name", "at most 200");
    assertEquals(1001, args.string("query", TextSize.SQL).length());
    assertMessage(assertThrows(ToolException.class, () -> args.optString("query", TextSize.DESCRIPTION).orElseThrow()), "query", "at most 1,000");
    assertMessage(assertThrows(ToolException.class, () -> args.strings("tables", true)), "tables[1]", "at most 200");
    assertMessage(assertThrows(ToolException.class, () -> args.enumMap("strategies", List.of("a"))), "strategies", "the key 'kkk");
  }

  @Test
  void messagesAboutHugeValuesStayShort() {
    ToolException e = assertThrows(ToolException.class, () -> TextSize.LABEL.check("displayName", "x".repeat(5_000_000)));
    assertTrue(e.getMessage().length() < 200, e.getMessage());
    assertTrue(e.getMessage().contains("5,000,000 characters"), e.getMessage());
  }
}
