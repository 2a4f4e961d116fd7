package dev.driftsmith.feature.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** project_create's free text lands in pubspec.yaml, web/manifest.json and the rest as exactly that text. */
class ProjectCreateTextTest {
  static final List<String> PUBSPEC_KEYS = List.of("name", "description", "publish_to", "version", "environment",
      "dependencies", "dev_dependencies", "flutter");

  @TempDir
  Path dir;
  final TestEnv env = new TestEnv();

  @Test
  void aDescriptionCannotInjectADependencyOverride() {
    String injected = "Notes\ndependency_overrides:\n  drift:\n    git: https://example.com/evil/drift.git";
    Path root = create(injected);
    Map<String, Object> pubspec = pubspec(root);
    assertEquals(PUBSPEC_KEYS, List.copyOf(pubspec.keySet()));
    assertEquals(injected, pubspec.get("description"));
  }

  /** Ordinary text that YAML reads as structure when it is not quoted. */
  @ParameterizedTest
  @ValueSource(strings = {"Notes: offline first", "- todo list", "# not a comment", "'single' quotes", "\"double\" quotes",
      "yes", "null", "~", "1.0", "[a, b]", "{a: b}", "&anchor", "*alias", "!tag", "@home", "`tick`", "| block", "> folded",
      "trailing: ", "tab\there", "100%", "a #hash", " leading space", "\u202Ebidi"})
  void ordinaryTextStaysText(String description) {
    Path root = create(description);
    assertEquals(description, pubspec(root).get("description"));
    assertEquals(description, ManifestIo.parse(TestEnv.read(root, "driftsmith.yaml")).project().description());
    // Every later call on the project keeps working.
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"notes\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}");
  }

  @Test
  void theWebManifestHoldsTheExactTexts() throws Exception {
    String name = "Notes \"&\" <Todos> \u202E\\n";
    String description = "Line one\nline two: \"quoted\" \\ </script>";
    env.call("project_create", "{\"name\": \"sample_app\", \"id\": \"p\", \"path\": " + TestEnv.quote(dir.resolve("p"))
        + ", \"displayName\": " + json(name) + ", \"description\": " + json(description) + "}");
    JsonNode manifest = JsonMapper.builder().build().readTree(Files.readString(dir.resolve("p/web/manifest.json")));
    assertEquals(name, manifest.get("name").asString());
    assertEquals(description, manifest.get("description").asString());
    String raw = Files.readString(dir.resolve("p/web/manifest.json"));
    assertFalse(raw.contains("\u202E"), "bidi controls are escaped, not written raw: " + raw);
  }

  @Test
  void theDefaultDescriptionIsQuotedToo() {
    Path root = env.project(dir.resolve("p"));
    assertTrue(String.valueOf(pubspec(root).get("description")).endsWith("an offline-first Flutter app on drift."));
  }

  private Path create(String description) {
    Path root = dir.resolve("p");
    env.call("project_create", "{\"name\": \"sample_app\", \"id\": \"p\", \"path\": " + TestEnv.quote(root)
        + ", \"description\": " + json(description) + "}");
    return root;
  }

  static String json(String s) {
    return JsonMapper.builder().build().writeValueAsString(s);
  }

  /** pubspec.yaml as `flutter pub get` reads it: YAML 1.2, duplicate keys refused. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> pubspec(Path root) {
    Load load = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build());
    return (Map<String, Object>) load.loadFromString(TestEnv.read(root, "pubspec.yaml"));
  }
}
