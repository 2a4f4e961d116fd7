package dev.driftsmith.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.testing.TestEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No banned pattern (src/test/resources/banned-patterns.txt) appears in generated output. */
class BannedPatternsTest {
  record Rule(String glob, Pattern pattern, String why) {
    /** Glob match where {@code **}{@code /} also matches no folder at all (as in .gitignore). */
    boolean applies(String path) {
      for (String g : List.of(glob, glob.replace("**/", ""))) {
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + g);
        if (m.matches(Path.of(path))) return true;
      }
      return false;
    }
  }

  static List<Rule> rules() throws IOException {
    List<Rule> rules = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("src/test/resources/banned-patterns.txt"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] parts = line.split("\t");
      rules.add(new Rule(parts[0], Pattern.compile(parts[1], Pattern.MULTILINE), parts[2]));
    }
    return rules;
  }

  @Test
  void eachRuleCatchesItsBadExample() throws IOException {
    Map<String, String> bad = Map.ofEntries(
        Map.entry("fromData", "final t = Todo.fromData(row.data);"),
        Map.entry("dynamic", "dynamic? oldValue;"),
        Map.entry("enum", "enum SyncPriority { CRITICAL, HIGH }"),
        Map.entry("dart:io", "import 'dart:io';"),
        Map.entry("File", "final f = File('x');"),
        Map.entry("native", "import 'package:drift/native.dart';"),
        Map.entry("wasm", "import 'package:drift/wasm.dart';"),
        Map.entry("customConstraints", "List<String> get customConstraints => ['USING FTS5(title)'];"),
        Map.entry("import", "import '../database.dart';"),
        Map.entry("print", "print('x');"),
        Map.entry("flutter_libs", "sqlite3_flutter_libs: ^0.5.0"),
        Map.entry("entities", "final s = &#x27;x&#x27;;"),
        Map.entry("replace", "INSERT OR REPLACE INTO notes (id) VALUES (1)"));
    for (Rule rule : rules()) {
      boolean caught = bad.values().stream().anyMatch(sample -> rule.pattern().matcher(sample).find());
      assertTrue(caught, "rule " + rule.pattern() + " matches none of the bad examples: it could never fail");
    }
    assertTrue(rules().size() >= 10);
    Rule webOnly = rules().stream().filter(r -> r.why().startsWith("dart:io")).findFirst().orElseThrow();
    assertTrue(webOnly.applies("lib/main.dart") && webOnly.applies("lib/data/daos/x.dart") && !webOnly.applies("test/x.dart"));
  }

  @Test
  void demoOutputHasNoBannedPattern(@TempDir Path dir) throws IOException {
    Map<String, String> files = TestEnv.files(TestEnv.demo(dir.resolve("demo")));
    List<String> hits = new ArrayList<>();
    for (Rule rule : rules()) {
      for (var e : files.entrySet()) {
        if (rule.applies(e.getKey()) && rule.pattern().matcher(e.getValue()).find()) {
          hits.add(e.getKey() + ": " + rule.why());
        }
      }
    }
    assertEquals(List.of(), hits);
  }
}
