package dev.driftsmith.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.input.Wire;
import dev.driftsmith.project.Table;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every shared parameter kind, once: its schema fragment, its reading, and its field-first refusals. */
class ParamTest {
  enum Mode implements Wire {
    OFFSET("offset"), KEYSET("keyset");
    private final String wire;

    Mode(String wire) {
      this.wire = wire;
    }

    @Override
    public String wire() {
      return wire;
    }
  }

  static final Manifest PROJECT = Manifest.create(new Manifest.ProjectInfo("p", "p", null, null, null)).withSchema(
      new Manifest.Schema(2, List.of(new Table("notes", List.of(Column.autoIncrementKey("id"),
          Column.of("title", ColumnType.TEXT)), false, false, List.of()),
          new Table("tags", List.of(Column.autoIncrementKey("id")), false, false, List.of())),
          List.of(), List.of()));

  static <T> T read(Param<T> p, String json) throws ToolException {
    return p.read(Args.parse(json), PROJECT);
  }

  static String refusal(Param<?> p, String json) {
    return assertThrows(ToolException.class, () -> p.read(Args.parse(json), PROJECT)).getMessage();
  }

  @Test
  void integerDeclaresItsBoundsAndDefaultAndRefusesOutsideThem() throws ToolException {
    Param<Integer> size = Param.integer("defaultPageSize", 5, 200).orDefault(20).describe("rows per page");
    assertEquals(Map.of("type", "integer", "minimum", 5, "maximum", 200, "default", 20, "description", "rows per page"), size.schema());
    assertEquals(20, read(size, "{}"));
    assertEquals(7, read(size, "{\"defaultPageSize\": 7}"));
    assertEquals("defaultPageSize: must be a whole number from 5 to 200, got 201", refusal(size, "{\"defaultPageSize\": 201}"));
    assertTrue(refusal(size, "{\"defaultPageSize\": 5.5}").startsWith("defaultPageSize: must be a whole number"));
    assertTrue(refusal(size, "{\"defaultPageSize\": \"7\"}").startsWith("defaultPageSize: must be a whole number"));
  }

  @Test
  void requiredParametersSayWhatTheyExpect() {
    assertEquals("enabled: is required: true or false", refusal(Param.bool("enabled").required(), "{}"));
    assertEquals("maxRetries: is required: a whole number from 1 to 20", refusal(Param.integer("maxRetries", 1, 20).required(), "{}"));
    assertEquals("mode: is required: one of [offset, keyset]", refusal(Param.choice("mode", Mode.class).required(), "{}"));
  }

  @Test
  void choicesReadTheirWireValues() throws ToolException {
    Param<Mode> mode = Param.choice("mode", Mode.class).orDefault(Mode.KEYSET);
    assertEquals(List.of("offset", "keyset"), mode.schema().get("enum"));
    assertEquals("keyset", mode.schema().get("default"));
    assertEquals(Mode.OFFSET, read(mode, "{\"mode\": \"offset\"}"));
    assertEquals("mode: 'cursor' is not accepted; use one of [offset, keyset]", refusal(mode, "{\"mode\": \"cursor\"}"));
    assertEquals(List.of(Mode.KEYSET, Mode.OFFSET), read(Param.choices("modes", Mode.class), "{\"modes\": [\"keyset\", \"offset\"]}"));
    assertEquals("modes[1]: 'x' is not accepted; use one of [offset, keyset]",
        refusal(Param.choices("modes", Mode.class), "{\"modes\": [\"keyset\", \"x\"]}"));
  }

  @Test
  void aTableMustExist() throws ToolException {
    Param<Table> table = Param.table("tableName").required();
    assertEquals("notes", read(table, "{\"tableName\": \"notes\"}").name());
    String message = refusal(table, "{\"tableName\": \"todos\"}");
    assertTrue(message.startsWith("tableName: no table 'todos' in the project; existing tables: [notes, tags]"), message);
  }

  @Test
  void aListOfTablesIsNonEmptyAndNamesEachTableOnce() throws ToolException {
    Param<List<Table>> tables = Param.tables("tables").nonEmpty().distinct().required();
    assertEquals(Map.of("type", "array", "items", Map.of("type", "string"), "minItems", 1, "uniqueItems", true), tables.schema());
    assertEquals(List.of("tags", "notes"), read(tables, "{\"tables\": [\"tags\", \"notes\"]}").stream().map(Table::name).toList());
    assertEquals("tables: needs at least one item", refusal(tables, "{\"tables\": []}"));
    assertEquals("tables[1]: 'notes' is listed twice; list it once", refusal(tables, "{\"tables\": [\"notes\", \"notes\"]}"));
    assertTrue(refusal(tables, "{\"tables\": [\"notes\", \"x\"]}").startsWith("tables[1]: no table 'x'"));
    assertEquals("tables[0]: must be a string, got 3", refusal(tables, "{\"tables\": [3]}"));
  }

  @Test
  void stringsMatchTheirPattern() throws ToolException {
    Param<String> color = Param.string("themeColor").pattern("#[0-9A-Fa-f]{6}", "#3F51B5");
    assertEquals("^#[0-9A-Fa-f]{6}$", color.schema().get("pattern"));
    assertEquals("#FFFFFF", read(color, "{\"themeColor\": \"#FFFFFF\"}"));
    assertEquals("themeColor: 'red' does not have the accepted form; e.g. #3F51B5", refusal(color, "{\"themeColor\": \"red\"}"));
    assertNull(read(color, "{}"));
  }

  @Test
  void nestedObjectsRefuseUnknownFieldsWithTheirFullPath() throws ToolException {
    Param<Integer> width = Param.integer("width", 1, 10).required();
    Param<List<Integer>> boxes = Param.list("boxes", Params.of(width), v -> v.get(width)).required();
    assertEquals(List.of(2, 3), read(boxes, "{\"boxes\": [{\"width\": 2}, {\"width\": 3}]}"));
    assertEquals("boxes[1].width: must be a whole number from 1 to 10, got 11", refusal(boxes, "{\"boxes\": [{\"width\": 2}, {\"width\": 11}]}"));
    assertTrue(refusal(boxes, "{\"boxes\": [{\"width\": 2, \"hieght\": 1}]}").startsWith("boxes[0].hieght: unknown field"));
  }

  @Test
  void aParameterSetIsAnObjectSchemaWithoutExtraFields() throws ToolException {
    Param<Boolean> enabled = Param.bool("enabled").required();
    Param<Integer> size = Param.integer("size", 1, 9).orDefault(6);
    Params params = Params.of(enabled, size);
    Map<String, Object> schema = params.schema();
    assertEquals(List.of("enabled"), schema.get("required"));
    assertEquals(false, schema.get("additionalProperties"));
    Values v = params.read(Args.parse("{\"enabled\": true}"), PROJECT);
    assertEquals(true, v.get(enabled));
    assertEquals(6, v.get(size));
    assertTrue(!v.sent(size));
    String unknown = assertThrows(ToolException.class, () -> params.read(Args.parse("{\"enabld\": true}"), PROJECT)).getMessage();
    assertTrue(unknown.startsWith("enabld: unknown field; accepted fields are [enabled, size]"), unknown);
  }

  @Test
  void choiceMapsReadEnumValuesByKey() throws ToolException {
    Param<Map<String, Mode>> perTable = Param.choiceMap("tableModes", Mode.class);
    assertEquals(Map.of("notes", Mode.OFFSET), read(perTable, "{\"tableModes\": {\"notes\": \"offset\"}}"));
    assertTrue(refusal(perTable, "{\"tableModes\": {\"notes\": \"x\"}}").startsWith("tableModes.notes: "));
  }

  @Test
  void aColumnIsReadInTheTableNamedBeforeIt() throws ToolException {
    Param<Table> table = Param.table("table").required();
    Param<Column> column = Param.column("column", table).required();
    Params params = Params.of(table, column);
    assertEquals("title", params.read(Args.parse("{\"table\": \"notes\", \"column\": \"title\"}"), PROJECT).get(column).name());
    String message = assertThrows(ToolException.class,
        () -> params.read(Args.parse("{\"table\": \"tags\", \"column\": \"title\"}"), PROJECT)).getMessage();
    assertEquals("column: table 'tags' has no column 'title'; its columns: [id]", message);
  }

  enum Level implements Wire {
    FAST("fast", 1), HIGH("high", 9);
    private final String wire;
    private final int number;

    Level(String wire, int number) {
      this.wire = wire;
      this.number = number;
    }

    @Override
    public String wire() {
      return wire;
    }
  }

  @Test
  void aNumberOrOneOfTheNamesThatStandForNumbers() throws ToolException {
    Param<NumberOrName<Level>> level = Param.numberOrName("level", 1, 9, Level.class, l -> l.number, "level");
    assertEquals(List.of(Map.of("type", "integer", "minimum", 1, "maximum", 9), Map.of("type", "string", "enum", List.of("fast", "high"))),
        level.schema().get("oneOf"));
    assertEquals(new NumberOrName<>(9, Level.HIGH), read(level, "{\"level\": \"high\"}"));
    assertEquals(NumberOrName.<Level>of(4), read(level, "{\"level\": 4}"));
    assertEquals("level: 'max' is not a level name; use one of [fast, high] or a whole number from 1 to 9",
        refusal(level, "{\"level\": \"max\"}"));
    assertEquals("level: must be a whole number from 1 to 9 or one of [fast, high], got 10", refusal(level, "{\"level\": 10}"));
  }

  @Test
  void aScalarIsTypedAsStringNumberOrBoolean() throws ToolException {
    Param<Object> scalar = Param.scalar("defaultValue");
    assertEquals(List.of("string", "number", "boolean"), scalar.schema().get("type"));
    assertEquals(5L, read(scalar, "{\"defaultValue\": 5}"));
    assertEquals("defaultValue: must be a string, number or boolean, got [1]", refusal(scalar, "{\"defaultValue\": [1]}"));
  }

  @Test
  void aConversionRunsAfterTheChecksAndMayRefuseWithTheField() throws ToolException {
    Param<Integer> length = Param.string("word").check((w, field, v) -> {
      if (w.isBlank()) throw new ToolException(field, "must not be blank");
    }).as((w, field, v) -> w.length()).required();
    assertEquals(3, read(length, "{\"word\": \"abc\"}"));
    assertEquals("word: must not be blank", refusal(length, "{\"word\": \" \"}"));
    assertEquals("word: is required: a string", refusal(length, "{}"));
  }

  @Test
  void aLongerTextDeclaresItsBound() {
    Param<String> sql = Param.text("query", dev.driftsmith.input.TextSize.SQL);
    assertEquals(dev.driftsmith.input.TextSize.SQL.max(), sql.schema().get("maxLength"));
    assertTrue(refusal(sql, "{\"query\": \"" + "x".repeat(dev.driftsmith.input.TextSize.SQL.max() + 1) + "\"}").startsWith("query: "));
  }
}
