package dev.driftsmith.feature.performance;

import static dev.driftsmith.testing.TestEnv.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftsmith.generate.ChangeSet;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.testing.DartSyntax;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.tool.ToolResult;
import dev.driftsmith.workspace.FileChange;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** drift_configure_data_compression.level: a zlib level 1–9, or a name as offline-flutter-pwa-builder sends it. */
class DataCompressionToolTest {
  static final String FILE = "lib/data/compression/data_compression.dart";

  @TempDir
  Path dir;
  final TestEnv env = new TestEnv();
  Path root;

  @BeforeEach
  void project() {
    root = env.projectWithNotes(dir.resolve("p"));
  }

  ToolResult configure(String level) {
    return env.call("drift_configure_data_compression", "{\"projectId\": \"p\", \"enabled\": true, \"level\": " + level + "}");
  }

  @ParameterizedTest
  @CsvSource({"none, 0", "fast, 1", "low, 3", "medium, 6", "high, 9"})
  void aLevelNameIsStoredAndGeneratedAsItsZlibLevel(String name, int level) throws Exception {
    ToolResult result = configure("\"" + name + "\"");
    assertContains(result.summary(), "Compression level '" + name + "' is zlib level " + level);
    assertEquals(level, ManifestFiles.manifest(root).get(FeatureKeys.DATA_COMPRESSION).orElseThrow().level());
    String dart = TestEnv.read(root, FILE);
    assertContains(dart, "    this.level = " + level + ",\n");
    assertEquals(List.of(), DartSyntax.problems(dart));
  }

  /** The manifest stores the number, so a name and its number are the same configuration, byte for byte. */
  @Test
  void aNameAndItsNumberGiveTheSameBytes() {
    configure("\"medium\"");
    Map<String, String> byName = TestEnv.files(root);
    ChangeSet again = (ChangeSet) configure("6").structured();
    assertEquals(byName, TestEnv.files(root));
    assertEquals(again.files().size(), again.count(FileChange.Status.unchanged), again::summary);
  }

  @Test
  void levelNoneCompressesNothingButStillReadsCompressedData() {
    configure("\"none\"");
    String dart = TestEnv.read(root, FILE);
    assertContains(dart, "    if (level == 0 || data.length < minSizeBytes) return null;\n");
    assertContains(dart, "        return const GZipDecoder().decodeBytes(body);\n");
  }

  @Test
  void badLevelsAreRefusedNamingTheFieldAndChangeNothing() {
    String call = "{\"projectId\": \"p\", \"enabled\": true, \"level\": %s}";
    for (String bad : List.of("\"max\"", "\"Medium\"", "\"\"")) {
      env.assertRefused(root, "drift_configure_data_compression", call.formatted(bad), "level",
          "is not a level name; use one of [none, fast, low, medium, high] or a whole number from 1 to 9");
    }
    for (String bad : List.of("0", "10", "5.5", "true", "[6]")) {
      env.assertRefused(root, "drift_configure_data_compression", call.formatted(bad), "level",
          "must be a whole number from 1 to 9 or one of [none, fast, low, medium, high], got " + bad);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theSchemaDeclaresBothForms() {
    Map<String, Object> properties = (Map<String, Object>) env.tools.find("drift_configure_data_compression")
        .orElseThrow().inputSchema().get("properties");
    List<Map<String, Object>> forms = (List<Map<String, Object>>) ((Map<String, Object>) properties.get("level")).get("oneOf");
    assertEquals(Map.of("type", "integer", "minimum", 1, "maximum", 9), forms.get(0));
    assertEquals("string", forms.get(1).get("type"));
    assertEquals(List.of("none", "fast", "low", "medium", "high"), forms.get(1).get("enum"));
  }
}
