package dev.driftsmith.feature.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The column rules, called as the hand-edited-manifest validator calls them: a field path and a value. */
class SchemaRulesTest {
  static void refused(String hint, org.junit.jupiter.api.function.Executable call) {
    ToolException e = assertThrows(ToolException.class, call);
    assertTrue(e.getMessage().startsWith("schema.tables[0].columns[1].defaultValue: "), e.getMessage());
    assertTrue(e.getMessage().contains(hint), e.getMessage());
  }

  static final String FIELD = "schema.tables[0].columns[1].defaultValue";

  @Test
  void defaultsNeedALiteralInDartOnTheWebAndInSql() throws ToolException {
    refused("finite", () -> SchemaRules.checkDefault(FIELD, "real", Double.POSITIVE_INFINITY));
    refused("finite", () -> SchemaRules.checkDefault(FIELD, "real", Double.NaN));
    refused("2^53", () -> SchemaRules.checkDefault(FIELD, "integer", 9_007_199_254_740_992L));
    refused("2^53", () -> SchemaRules.checkDefault(FIELD, "integer", new BigInteger("99999999999999999999")));
    refused("U+0000", () -> SchemaRules.checkDefault(FIELD, "text", "a\0"));
    refused("at most 1,000", () -> SchemaRules.checkDefault(FIELD, "text", "t".repeat(1001)));
    refused("whole number", () -> SchemaRules.checkDefault(FIELD, "integer", 1.5));
    assertEquals(-9_007_199_254_740_991L, SchemaRules.checkDefault(FIELD, "integer", -9_007_199_254_740_991L));
    assertEquals(3L, SchemaRules.checkDefault(FIELD, "integer", 3));
    assertEquals(2.0, SchemaRules.checkDefault(FIELD, "real", 2L));
    assertEquals(Column.NOW, SchemaRules.checkDefault(FIELD, "dateTime", "currentDateAndTime"));
  }

  @Test
  void rowIdNamesAreRefused() {
    for (String name : new String[] {"rowid", "oid", "_rowid_"}) {
      ToolException e = assertThrows(ToolException.class, () -> SchemaRules.checkColumnName("columns[0].name", name));
      assertTrue(e.getMessage().startsWith("columns[0].name: '" + name + "' is SQLite's name for the row id"), e.getMessage());
    }
  }
}
