package dev.driftsmith.feature.sync;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.DeviceId;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One installed app: a SQLite database with the generated schema and triggers (copied from a template
 * made once from the project), the engine twin that syncs it, and the app's own writes, made with
 * plain SQL as drift's generated code makes them, so the capture triggers queue them.
 */
final class Device implements AutoCloseable {
  final String name;
  /** The server user whose records this device syncs. */
  final int user;
  final Connection db;
  final EngineTwin engine;
  private final List<SyncedTable> tables;
  /**
   * Category names and tag labels come from a small pool shared by all devices, so two devices give
   * different records the same value of a unique column (a write that would repeat one here does
   * nothing, as the app's failed insert would).
   */
  boolean sharedNames;

  private Device(String name, int user, Connection db, EngineTwin engine, List<SyncedTable> tables) {
    this.name = name;
    this.user = user;
    this.db = db;
    this.engine = engine;
    this.tables = tables;
  }

  /** A template database file with the project's fresh install, to copy devices from. */
  static Path template(DatabaseSchema schema, Path file) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      for (String sql : dev.driftsmith.schema.SqlSchema.freshInstall(schema)) s.execute(sql);
    }
    return file;
  }

  static Device open(String name, int user, Path template, Manifest m, DatabaseSchema schema, EngineTwin.Sql sql, EngineTwin.Rules rules,
                     Supplier<URI> baseUrl, String token, Set<String> ran) throws SQLException {
    Connection db = DriverManager.getConnection("jdbc:sqlite::memory:");
    try (Statement s = db.createStatement()) {
      s.executeUpdate("restore from " + template);
      // drift's beforeOpen: foreign keys on, and this device's own node id.
      for (String open : schema.openStatements()) s.execute(open);
      s.execute("DELETE FROM sync_meta WHERE meta_key = 'node_id'");
      s.execute(DeviceId.ENSURE);
    }
    BackgroundSyncConfig background = BackgroundSyncConfig.of(m);
    int maxConcurrent = SyncPriorityConfig.of(m).map(SyncPriorityConfig::maxConcurrent).orElse(1);
    EngineTwin engine = new EngineTwin(db, sql, rules, baseUrl, token, background.batchSize(), maxConcurrent,
        RetryPolicyConfig.of(m).maxRetries(), 500, ran);
    List<SyncedTable> tables = new ArrayList<>();
    for (Table t : SyncSettings.syncedTables(m)) tables.add(SyncSettings.synced(m, schema, t.name()));
    return new Device(name, user, db, engine, tables);
  }

  /** Every synced row as it travels: entity → record id → data (parents as their record ids). */
  Map<String, Map<String, Map<String, Object>>> state() throws SQLException {
    Map<String, Map<String, Map<String, Object>>> out = new TreeMap<>();
    for (SyncedTable t : tables) {
      Map<String, Map<String, Object>> records = new TreeMap<>();
      String query = "SELECT " + OutboxSql.recordId(t, "r") + " AS rid, " + OutboxSql.payload(t, "r") + " AS data FROM " + t.name() + " r";
      for (Map<String, Object> row : EngineTwin.rows(db, query)) {
        records.put((String) row.get("rid"), EngineTwin.decode((String) row.get("data")));
      }
      out.put(t.name(), records);
    }
    return out;
  }

  long count(String sql) throws SQLException {
    return EngineTwin.num(EngineTwin.rows(db, sql).get(0).values().iterator().next());
  }

  List<Map<String, Object>> rows(String sql, Object... args) throws SQLException {
    return EngineTwin.rows(db, sql, args);
  }

  void exec(String sql, Object... args) throws SQLException {
    try (var ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      ps.executeUpdate();
    }
  }

  /** A random local key of {@code table}, or null when it is empty. */
  Long pick(Random random, String table) throws SQLException {
    List<Map<String, Object>> ids = rows("SELECT id FROM " + table + " ORDER BY id");
    return ids.isEmpty() ? null : EngineTwin.num(ids.get(random.nextInt(ids.size())).get("id"));
  }

  /** One write the app makes, chosen by {@code random}; a description of it for replays. */
  String randomWrite(Random random, int serial) throws SQLException {
    String label = name + "-" + serial;
    int kind = random.nextInt(16);
    switch (kind) {
      case 0 -> {
        exec(orIgnore("INSERT") + " INTO categories (name, color) VALUES (?, ?)", "cat " + name(label, serial), "#" + random.nextInt(10));
        return "insert category";
      }
      case 1 -> {
        Long id = pick(random, "categories");
        if (id == null) return "nothing";
        if (random.nextBoolean()) exec("UPDATE categories SET color = ? WHERE id = ?", "#" + random.nextInt(10), id);
        else exec(orIgnore("UPDATE") + " categories SET name = ? WHERE id = ?", "cat " + name(label, serial), id);
        return "update category " + id;
      }
      case 2 -> {
        Long id = pick(random, "categories");
        if (id == null) return "nothing";
        exec("DELETE FROM categories WHERE id = ?", id);
        return "delete category " + id;
      }
      case 3, 4 -> {
        exec("INSERT INTO notes (title, body, pinned, category_id) VALUES (?, ?, ?, ?)", "note " + label,
            random.nextBoolean() ? null : "body " + label, random.nextInt(2), pick(random, "categories"));
        return "insert note";
      }
      case 5, 6 -> {
        Long id = pick(random, "notes");
        if (id == null) return "nothing";
        String next = "version = ('' || json_set(version, '$.\"' || " + DeviceId.VALUE + " || '\"', coalesce(json_extract(version, '$.\"' || "
            + DeviceId.VALUE + " || '\"'), 0) + 1))";
        switch (random.nextInt(4)) {
          case 0 -> exec("UPDATE notes SET title = ?, " + next + " WHERE id = ?", "title " + label, id);
          case 1 -> exec("UPDATE notes SET body = ?, " + next + " WHERE id = ?", "body " + label, id);
          case 2 -> exec("UPDATE notes SET pinned = 1 - pinned, " + next + " WHERE id = ?", id);
          default -> exec("UPDATE notes SET category_id = ?, " + next + " WHERE id = ?", pick(random, "categories"), id);
        }
        return "update note " + id;
      }
      case 7 -> {
        Long id = pick(random, "notes");
        if (id == null) return "nothing";
        exec("DELETE FROM notes WHERE id = ?", id);
        return "delete note " + id;
      }
      case 8, 9 -> {
        exec("INSERT INTO todos (title, priority, category_id) VALUES (?, ?, ?)", "todo " + label, random.nextInt(4), pick(random, "categories"));
        return "insert todo";
      }
      case 10, 11 -> {
        Long id = pick(random, "todos");
        if (id == null) return "nothing";
        switch (random.nextInt(3)) {
          case 0 -> exec("UPDATE todos SET done = 1 - done, version = version + 1 WHERE id = ?", id);
          case 1 -> exec("UPDATE todos SET title = ?, priority = ?, version = version + 1 WHERE id = ?", "todo " + label, random.nextInt(4), id);
          default -> exec("UPDATE todos SET category_id = ?, version = version + 1 WHERE id = ?", pick(random, "categories"), id);
        }
        return "update todo " + id;
      }
      case 12 -> {
        Long id = pick(random, "todos");
        if (id == null) return "nothing";
        exec("DELETE FROM todos WHERE id = ?", id);
        return "delete todo " + id;
      }
      case 13 -> {
        if (random.nextBoolean()) {
          exec(orIgnore("INSERT") + " INTO tags (label) VALUES (?)", "tag " + name(label, serial));
          return "insert tag";
        }
        Long id = pick(random, "tags");
        if (id == null) return "nothing";
        exec("DELETE FROM tags WHERE id = ?", id);
        return "delete tag " + id;
      }
      default -> {
        Long todo = pick(random, "todos");
        Long tag = pick(random, "tags");
        if (todo == null || tag == null) return "nothing";
        if (count("SELECT count(*) FROM todos_tags WHERE todo_id = " + todo + " AND tag_id = " + tag) > 0) {
          exec("DELETE FROM todos_tags WHERE todo_id = ? AND tag_id = ?", todo, tag);
          return "unlink todo " + todo + " tag " + tag;
        }
        exec("INSERT INTO todos_tags (todo_id, tag_id) VALUES (?, ?)", todo, tag);
        return "link todo " + todo + " tag " + tag;
      }
    }
  }

  /** A unique value: this device's own, or one of the shared pool. */
  private String name(String label, int serial) {
    return sharedNames ? String.valueOf(serial % 3) : label;
  }

  private String orIgnore(String verb) {
    return sharedNames ? verb + " OR IGNORE" : verb;
  }

  @Override
  public void close() throws SQLException {
    db.close();
  }

  @Override
  public String toString() {
    return name;
  }

  static Map<String, Object> copy(Map<String, Object> m) {
    return m == null ? null : new LinkedHashMap<>(m);
  }
}
