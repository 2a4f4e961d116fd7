package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Table;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A row as JSON on real SQLite, in a table with every column type as drift creates it: the values
 * a trigger or a query reads back from the object, NULLs included.
 */
class RowJsonTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static final Table ITEMS = new Table("items", List.of(
      Column.autoIncrementKey("id"),
      Column.of("title", ColumnType.TEXT),
      Column.of("quantity", ColumnType.INTEGER).asNullable(),
      Column.of("price", ColumnType.REAL).asNullable(),
      Column.of("done", ColumnType.BOOLEAN).asNullable(),
      Column.of("cover", ColumnType.BLOB).asNullable(),
      Column.of("dueAt", ColumnType.DATE_TIME).asNullable()), false, false, List.of());

  /** A date-time as the project stores it (build.yaml's store_date_time_values_as_text): ISO-8601 UTC text. */
  static final String DUE = "2026-03-01T09:30:00.250Z";

  SqliteSandbox db;

  @BeforeEach
  void open() throws SQLException {
    db = SqliteSandbox.with(List.of(SqlSchema.createTable(ITEMS),
        "CREATE TABLE captured (id INTEGER PRIMARY KEY AUTOINCREMENT, row_json TEXT NOT NULL)"));
  }

  @AfterEach
  void close() throws SQLException {
    db.close();
  }

  @Test
  void everyTypeBecomesItsJsonValue() throws Exception {
    db.execute("INSERT INTO items (title, quantity, price, done, cover, due_at) VALUES "
        + "('it''s \"quoted\"', 3, 1.5, 1, x'CAFE00', '" + DUE + "')");
    JsonNode row = select(RowJson.of(ITEMS, "r"));
    assertEquals(JSON.readTree("""
        {"id": 1, "title": "it's \\"quoted\\"", "quantity": 3, "price": 1.5, "done": true, "cover": "CAFE00",
         "due_at": "2026-03-01T09:30:00.250Z"}"""), row);
    assertTrue(row.get("done").isBoolean(), "a boolean is a JSON boolean, not the 1 SQLite stores");
  }

  @Test
  void falseAndNullsStayApart() throws Exception {
    db.execute("INSERT INTO items (title, done) VALUES ('empty', 0)");
    JsonNode row = select(RowJson.of(ITEMS, "r"));
    assertEquals(JSON.readTree("""
        {"id": 1, "title": "empty", "quantity": null, "price": null, "done": false, "cover": null, "due_at": null}"""), row);
    db.execute("UPDATE items SET done = NULL");
    assertTrue(select(RowJson.of(ITEMS, "r")).get("done").isNull(), "a NULL boolean is null, not false");
  }

  /** The same object inside a trigger, from NEW and OLD: what audit logging and sync capture. */
  @Test
  void triggersCaptureNewAndOld() throws Exception {
    db.execute("CREATE TRIGGER items_capture AFTER UPDATE ON items BEGIN INSERT INTO captured (row_json) VALUES ("
        + RowJson.of(ITEMS, "OLD") + "); INSERT INTO captured (row_json) VALUES (" + RowJson.of(ITEMS, "NEW") + "); END");
    db.execute("INSERT INTO items (title, cover) VALUES ('a', x'01')");
    db.execute("UPDATE items SET title = 'b', cover = NULL, due_at = '" + DUE + "'");
    List<JsonNode> captured = captured();
    assertEquals(2, captured.size());
    assertEquals("a", captured.get(0).get("title").asString());
    assertEquals("01", captured.get(0).get("cover").asString());
    assertEquals("b", captured.get(1).get("title").asString());
    assertTrue(captured.get(1).get("cover").isNull());
    assertEquals(DUE, captured.get(1).get("due_at").asString());
  }

  /** Sync's spelling gives the same object; its column values pass through the translation first (a parent's record id). */
  @Test
  void theBareSpellingTranslatesValuesFirst() throws Exception {
    db.execute("INSERT INTO items (title, quantity, done, cover) VALUES ('x', 4, 1, x'AB')");
    String bare = RowJson.of(ITEMS.allColumns(), "r", RowJson.Spelling.BARE, RowJson.ColumnValue.AS_STORED);
    assertEquals(select(RowJson.of(ITEMS, "r")), select(bare));
    String translated = RowJson.of(ITEMS.allColumns(), "r", RowJson.Spelling.BARE,
        (c, value) -> c.sqlName().equals("quantity") ? "'q-' || " + value : value);
    assertEquals("q-4", select(translated).get("quantity").asString());
  }

  /**
   * A boolean other than 0 or 1 cannot pass drift's CHECK; in a table without it (created by a
   * hand-written step), the quoted spelling keeps the value and the bare one gives NULL.
   */
  @Test
  void aBooleanOutsideTheCheckKeepsOrDropsItsValueBySpelling() throws Exception {
    List<Column> flag = List.of(Column.of("flag", ColumnType.BOOLEAN).asNullable());
    db.execute("CREATE TABLE loose (flag INTEGER)");
    db.execute("INSERT INTO loose (flag) VALUES (2)");
    assertEquals(2, query("SELECT " + RowJson.of(flag, "r", RowJson.Spelling.QUOTED, RowJson.ColumnValue.AS_STORED)
        + " FROM loose r").get("flag").asInt());
    assertTrue(query("SELECT " + RowJson.of(flag, "r", RowJson.Spelling.BARE, RowJson.ColumnValue.AS_STORED)
        + " FROM loose r").get("flag").isNull());
  }

  private JsonNode select(String rowJson) throws Exception {
    return query("SELECT " + rowJson + " FROM items r");
  }

  private JsonNode query(String sql) throws Exception {
    try (Statement s = db.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), "no row: " + sql);
      return JSON.readTree(rs.getString(1));
    }
  }

  private List<JsonNode> captured() throws Exception {
    List<JsonNode> out = new java.util.ArrayList<>();
    try (Statement s = db.connection().createStatement(); ResultSet rs = s.executeQuery("SELECT row_json FROM captured ORDER BY id")) {
      while (rs.next()) out.add(JSON.readTree(rs.getString(1)));
    }
    return out;
  }
}
