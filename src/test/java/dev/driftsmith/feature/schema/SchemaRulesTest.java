package dev.driftsmith.feature.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
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
    refused("finite", () -> SchemaRules.checkDefault(FIELD, ColumnType.REAL, Double.POSITIVE_INFINITY));
    refused("finite", () -> SchemaRules.checkDefault(FIELD, ColumnType.REAL, Double.NaN));
    refused("2^53", () -> SchemaRules.checkDefault(FIELD, ColumnType.INTEGER, 9_007_199_254_740_992L));
    refused("2^53", () -> SchemaRules.checkDefault(FIELD, ColumnType.INTEGER, new BigInteger("99999999999999999999")));
    refused("U+0000", () -> SchemaRules.checkDefault(FIELD, ColumnType.TEXT, "a\0"));
    refused("at most 1,000", () -> SchemaRules.checkDefault(FIELD, ColumnType.TEXT, "t".repeat(1001)));
    refused("whole number", () -> SchemaRules.checkDefault(FIELD, ColumnType.INTEGER, 1.5));
    assertEquals(-9_007_199_254_740_991L, SchemaRules.checkDefault(FIELD, ColumnType.INTEGER, -9_007_199_254_740_991L));
    assertEquals(3L, SchemaRules.checkDefault(FIELD, ColumnType.INTEGER, 3));
    assertEquals(2.0, SchemaRules.checkDefault(FIELD, ColumnType.REAL, 2L));
    assertEquals(Column.NOW, SchemaRules.checkDefault(FIELD, ColumnType.DATE_TIME, "currentDateAndTime"));
  }

  @Test
  void rowIdNamesAreRefused() {
    for (String name : new String[] {"rowid", "oid", "_rowid_"}) {
      ToolException e = assertThrows(ToolException.class, () -> SchemaRules.checkColumnName("columns[0].name", name));
      assertTrue(e.getMessage().startsWith("columns[0].name: '" + name + "' is SQLite's name for the row id"), e.getMessage());
    }
  }
}
