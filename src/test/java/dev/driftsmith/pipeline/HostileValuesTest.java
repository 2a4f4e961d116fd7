package dev.driftsmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.render.DartCode;
import dev.driftsmith.render.SqlCode;
import dev.driftsmith.schema.Migrations;
import dev.driftsmith.testing.DartLiterals;
import dev.driftsmith.testing.FileFormats;
import dev.driftsmith.testing.HostileStrings;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.Text;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile text through every tool field that reaches a file, then every output read back by the
 * real parser of its format: the files parse, and each value reads back as exactly what was sent.
 * Seeded: a failure names its seed and try, and {@code -Dhostile.seed=N} replays another run.
 */
class HostileValuesTest {
  static final long SEED = Long.getLong("hostile.seed", 7_2024L);
  static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir
  Path dir;
  final TestEnv env = new TestEnv();

  interface Try {
    void run(int index, HostileStrings strings) throws Exception;
  }

  /** Runs {@code tries} tries, each with its own generator, and names the seed and try of a failure. */
  static void tries(int tries, Try body) throws Exception {
    for (int i = 0; i < tries; i++) {
      long seed = SEED * 1_000 + i;
      try {
        body.run(i, new HostileStrings(seed));
      } catch (AssertionError | Exception e) {
        throw new AssertionError("try " + i + " (HostileStrings seed " + seed + ") failed: " + e.getMessage(), e);
      }
    }
  }

  /** Hostile text of at most {@code max} characters that is not blank. */
  static String text(HostileStrings strings, int max) {
    String s = strings.next();
    while (s.isBlank() || s.length() > max) s = strings.next();
    return s;
  }

  @Test
  void projectTextsReadBackFromEveryFile() throws Exception {
    tries(40, (i, strings) -> {
      String displayName = text(strings, 200);
      String description = text(strings, 1_000);
      Path root = dir.resolve("p" + i);
      env.call("project_create", "{\"name\": \"app_" + i + "\", \"id\": \"p" + i + "\", \"path\": " + TestEnv.quote(root)
          + ", \"displayName\": " + json(displayName) + ", \"description\": " + json(description) + "}");
      Map<String, String> files = TestEnv.files(root);
      assertEquals(List.of(), FileFormats.problems(files));

      Map<?, ?> pubspec = (Map<?, ?>) FileFormats.yaml(files.get("pubspec.yaml"));
      assertEquals(List.of("name", "description", "publish_to", "version", "environment", "dependencies",
          "dev_dependencies", "flutter"), List.copyOf(pubspec.keySet()));
      assertEquals(description, pubspec.get("description"));

      Manifest manifest = ManifestFiles.manifest(root);
      assertEquals(displayName, manifest.project().displayName());
      assertEquals(description, manifest.project().description());

      JsonNode web = JSON.readTree(files.get("web/manifest.json"));
      assertEquals(displayName, web.get("name").asString());
      assertEquals(description, web.get("description").asString());

      Document page = Jsoup.parse(files.get("web/index.html"));
      assertEquals(displayName, page.selectFirst("title").wholeText());
      assertEquals(displayName, page.selectFirst("meta[name=apple-mobile-web-app-title]").attr("content"));
      assertEquals(description, page.selectFirst("meta[name=description]").attr("content"));
      assertEquals(1, page.select("script").size());

      Node readme = org.commonmark.parser.Parser.builder().build().parse(files.get("README.md"));
      assertEquals(displayName, text(readme.getFirstChild(), Heading.class));
      assertEquals(description, text(readme.getFirstChild().getNext(), Paragraph.class));

      DartLiterals main = DartLiterals.of(files.get("lib/main.dart"));
      assertEquals(2, Collections.frequency(main.strings, displayName), () -> "the title twice in " + main.strings);
    });
  }

  @Test
  void schemaValuesReadBackFromDartYamlAndSqlite() throws Exception {
    tries(12, (i, strings) -> {
      Path root = env.project(dir.resolve("s" + i), "s" + i);
      String id = "s" + i;
      String title = strings.next().length() > 1_000 ? "t" : strings.next();
      double bits = Double.longBitsToDouble(strings.nextLong());
      double ratio = i % 2 == 0 && Double.isFinite(bits) ? bits : strings.nextDouble() * 1e6;
      long count = strings.nextLong() % 9_007_199_254_740_991L;
      env.call("drift_add_table", "{\"projectId\": \"" + id + "\", \"name\": \"notes\", \"columns\": ["
          + "{\"name\": \"title\", \"type\": \"text\", \"defaultValue\": " + json(title) + "},"
          + "{\"name\": \"ratio\", \"type\": \"real\", \"defaultValue\": " + ratio + "},"
          + "{\"name\": \"count\", \"type\": \"integer\", \"defaultValue\": " + count + "}]}");
      env.call("drift_add_table", "{\"projectId\": \"" + id + "\", \"name\": \"tags\", \"columns\": [{\"name\": \"label\", \"type\": \"text\"}]}");
      String relation = text(strings, 200);
      env.call("drift_add_relation", "{\"projectId\": \"" + id + "\", \"name\": " + json(relation) + ", \"type\": \"oneToMany\", "
          + "\"fromTable\": \"notes\", \"fromColumn\": \"id\", \"toTable\": \"tags\", \"toColumn\": \"noteId\"}");
      String stepName = text(strings, 200);
      String label = strings.next();
      String insert = "INSERT INTO tags (label) VALUES (" + SqlCode.string(label) + ")";
      env.call("drift_create_migration", "{\"projectId\": \"" + id + "\", \"name\": " + json(stepName) + ", "
          + "\"upStatements\": [" + json(insert) + "], \"downStatements\": [" + json("DELETE FROM tags WHERE label = " + SqlCode.string(label)) + "]}");
      String wanted = strings.next();
      String query = "SELECT COUNT(*) AS n FROM notes WHERE title = " + SqlCode.string(wanted) + " /* " + wanted.replace("*/", "") + " */";
      env.call("drift_generate_dao", "{\"projectId\": \"" + id + "\", \"tableName\": \"notes\", \"customMethods\": ["
          + "{\"name\": \"countTitled\", \"returnType\": \"int\", \"query\": " + json(query) + "}]}");

      Map<String, String> files = TestEnv.files(root);
      assertEquals(List.of(), FileFormats.problems(files));
      Manifest manifest = ManifestFiles.manifest(root);
      var notes = manifest.schema().table("notes").orElseThrow();
      assertEquals(title, notes.column("title").orElseThrow().defaultValue());
      assertEquals(ratio, ((Number) notes.column("ratio").orElseThrow().defaultValue()).doubleValue());
      assertEquals(count, ((Number) notes.column("count").orElseThrow().defaultValue()).longValue());
      assertEquals(relation, manifest.schema().relations().get(0).name());
      assertEquals(stepName.strip(), manifest.schema().history().get(manifest.schema().history().size() - 1).description());

      DartLiterals table = DartLiterals.of(files.get("lib/data/tables/notes.dart"));
      assertTrue(table.strings.contains(title), () -> "default of title in " + table.strings);
      // A negative literal is a minus sign before the number in Dart's grammar.
      assertTrue(table.numbers.contains(DartCode.doubleLiteral(Math.abs(ratio))), () -> ratio + " in " + table.numbers);
      assertTrue(table.numbers.contains(Long.toString(Math.abs(count))), () -> count + " in " + table.numbers);

      // Each step's part file of migrations.dart holds its SQL exactly; replayed on SQLite, it keeps every value.
      for (SchemaStep step : manifest.schema().history()) {
        String part = "lib/data/migrations/" + String.format("v%04d", step.version()) + ".dart";
        List<String> dartStrings = DartLiterals.of(files.get(part)).strings;
        for (String sql : step.up()) assertTrue(dartStrings.contains(sql), () -> part + " lacks " + sql);
      }
      List<String> daoStrings = DartLiterals.of(files.get("lib/data/daos/notes_dao.dart")).strings;
      assertTrue(daoStrings.contains(query), () -> "notes_dao.dart lacks " + query + " in " + daoStrings);
      try (Connection db = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = db.createStatement()) {
        for (String sql : Migrations.replay(manifest.schema(), manifest.schema().version())) s.execute(sql);
        s.execute("INSERT INTO notes DEFAULT VALUES");
        try (ResultSet rs = s.executeQuery("SELECT title, ratio, count FROM notes")) {
          rs.next();
          assertEquals(title, rs.getString(1));
          assertEquals(ratio, rs.getDouble(2));
          assertEquals(count, rs.getLong(3));
        }
        assertEquals(label, single(s, "SELECT label FROM tags"));
        try (var insertTitle = db.prepareStatement("INSERT INTO notes (title) VALUES (?)")) {
          insertTitle.setString(1, wanted);
          insertTitle.execute();
        }
        assertEquals(String.valueOf(wanted.equals(title) ? 2 : 1), single(s, query));
      }
    });
  }

  @Test
  void syncTextsReadBackFromDartAndMarkdown() throws Exception {
    int[] urls = new int[2]; // accepted, refused
    tries(10, (i, strings) -> {
      String id = "y" + i;
      Path root = env.project(dir.resolve(id), id);
      env.call("drift_add_table", "{\"projectId\": \"" + id + "\", \"name\": \"notes\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}");
      String url = "https://example.com/" + strings.next();
      Map<String, String> before = TestEnv.files(root);
      try {
        env.tools.call("drift_enable_sync", dev.driftsmith.input.Args.parse("{\"projectId\": \"" + id + "\", \"baseUrl\": " + json(url) + "}"));
      } catch (ToolException refused) {
        assertTrue(refused.getMessage().startsWith("baseUrl: "), refused.getMessage());
        assertEquals(before, TestEnv.files(root), "a refused call changes nothing");
        url = null;
        env.call("drift_enable_sync", "{\"projectId\": \"" + id + "\"}");
      }
      urls[url == null ? 1 : 0]++;
      String offline = text(strings, 200);
      String syncing = text(strings, 200);
      String pending = text(strings, 200);
      env.call("drift_configure_offline_indicator", "{\"projectId\": \"" + id + "\", \"showBanner\": true, \"customMessages\": "
          + "{\"offline\": " + json(offline) + ", \"syncing\": " + json(syncing) + ", \"pending\": " + json(pending) + "}}");

      Map<String, String> files = TestEnv.files(root);
      assertEquals(List.of(), FileFormats.problems(files));
      List<String> indicator = DartLiterals.of(files.get("lib/data/sync/offline_indicator.dart")).strings;
      for (String message : List.of(offline, syncing, pending)) {
        assertTrue(indicator.contains(message), () -> message + " in " + indicator);
      }
      if (url != null) {
        String expected = url;
        List<String> transport = DartLiterals.of(files.get("lib/data/sync/sync_transport.dart")).strings;
        assertTrue(transport.contains(expected), () -> expected + " in " + transport);
        Node readme = org.commonmark.parser.Parser.builder().build().parse(files.get("lib/data/sync/README.md"));
        List<String> code = new ArrayList<>();
        for (Node n = readme.getFirstChild(); n != null; n = n.getNext()) {
          if (n instanceof FencedCodeBlock block) code.add(block.getLiteral());
        }
        assertTrue(code.stream().anyMatch(c -> c.contains("// The transport talks to " + DartCode.string(expected) + " ")),
            () -> "the server's URL, as Dart, inside the README's code block: " + code);
      }
    });
    assertTrue(urls[0] > 0 && urls[1] > 0, "both accepted and refused URLs were tried: " + urls[0] + ", " + urls[1]);
  }

  /** Hostile text in fields that take names: refused, naming the field, with nothing changed. */
  @Test
  void hostileNamesAreRefusedByTheirField() throws Exception {
    Path root = env.project(dir.resolve("n"), "n");
    env.call("drift_add_table", "{\"projectId\": \"n\", \"name\": \"notes\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}");
    env.call("drift_enable_sync", "{\"projectId\": \"n\"}");
    String[][] fields = {
        {"drift_add_table", "{\"projectId\": \"n\", \"name\": %s, \"columns\": []}", "name"},
        {"drift_add_table", "{\"projectId\": \"n\", \"name\": \"things\", \"columns\": [{\"name\": %s, \"type\": \"text\"}]}", "columns[0].name"},
        {"drift_add_table", "{\"projectId\": \"n\", \"name\": \"things\", \"columns\": [], \"indexes\": [{\"name\": %s, \"columns\": [\"id\"]}]}", "indexes[0].name"},
        {"drift_generate_dao", "{\"projectId\": \"n\", \"tableName\": %s}", "tableName"},
        {"drift_generate_dao", "{\"projectId\": \"n\", \"tableName\": \"notes\", \"customMethods\": [{\"name\": %s, \"returnType\": \"int\", \"query\": \"SELECT 1\"}]}", "customMethods[0].name"},
        {"drift_generate_dao", "{\"projectId\": \"n\", \"tableName\": \"notes\", \"customMethods\": [{\"name\": \"one\", \"returnType\": %s, \"query\": \"SELECT 1\"}]}", "customMethods[0].returnType"},
        {"drift_add_relation", "{\"projectId\": \"n\", \"name\": \"r\", \"type\": \"oneToMany\", \"fromTable\": \"notes\", \"fromColumn\": \"id\", \"toTable\": \"notes\", \"toColumn\": %s}", "toColumn"},
        {"drift_enable_sync", "{\"projectId\": \"n\", \"tables\": [%s]}", "tables[0]"},
        {"drift_configure_conflict_resolution", "{\"projectId\": \"n\", \"strategy\": \"merge\", \"fieldStrategies\": {%s: \"clientWins\"}}", "fieldStrategies"},
        {"drift_configure_sync_priority", "{\"projectId\": \"n\", \"priorities\": {%s: \"HIGH\"}, \"maxConcurrent\": 1, \"agePromotionMs\": 1000}", "priorities"},
        {"drift_enable_full_text_search", "{\"projectId\": \"n\", \"tables\": [{\"tableName\": \"notes\", \"searchableColumns\": [%s]}], \"language\": \"english\", \"enableHighlight\": false}", "tables[0].searchableColumns"},
        {"drift_add_versioning", "{\"projectId\": \"n\", \"tables\": [%s], \"strategy\": \"increment\", \"conflictBehavior\": \"reject\"}", "tables[0]"},
        {"drift_enable_partial_sync", "{\"projectId\": \"n\", \"tables\": [%s], \"trackingStrategy\": \"field-level\", \"conflictResolution\": \"merge\"}", "tables[0]"},
        {"drift_generate_repository", "{\"projectId\": \"n\", \"tableName\": %s, \"operations\": [\"read\"], \"includeCache\": false}", "tableName"},
        {"project_create", "{\"name\": \"other_app\", \"id\": %s, \"path\": \"/tmp/driftsmith-hostile-never-created\"}", "id"}};
    Map<String, String> before = TestEnv.files(root);
    tries(150, (i, strings) -> {
      String[] f = fields[i % fields.length];
      String value = strings.next();
      String json = f[1].replace("%s", json(value));
      try {
        env.tools.call(f[0], dev.driftsmith.input.Args.parse(json));
        fail(f[0] + " accepted the name " + json(value));
      } catch (ToolException refused) {
        assertTrue(refused.getMessage().startsWith(f[2]), () -> f[0] + ": the message names " + f[2] + ": " + refused.getMessage());
      }
      assertEquals(before, TestEnv.files(root), "a refused call changes nothing");
    });
  }

  private static String single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The text of one Markdown block, which must hold nothing but text. */
  private static String text(Node block, Class<? extends Node> type) {
    assertTrue(type.isInstance(block), () -> "expected a " + type.getSimpleName() + ", got " + block);
    StringBuilder out = new StringBuilder();
    for (Node n = block.getFirstChild(); n != null; n = n.getNext()) {
      if (!(n instanceof Text literal)) throw new AssertionError("markup where only text belongs: " + n);
      out.append(literal.getLiteral());
    }
    return out.toString();
  }

  static String json(String s) {
    return JSON.writeValueAsString(s);
  }

}
