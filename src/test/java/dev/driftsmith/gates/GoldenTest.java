package dev.driftsmith.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftsmith.testing.TestEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden gate: the demo project's output equals the reviewed files in
 * src/test/resources/golden/demo. After an intended change, regenerate them with
 * {@code mvn test -Dtest=GoldenTest -Dgolden.update=true} and review the diff in git.
 */
class GoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/demo");

  @Test
  void demoOutputMatchesTheReviewedFiles(@TempDir Path dir) throws IOException {
    Map<String, String> actual = TestEnv.files(TestEnv.demo(dir.resolve("demo")));
    if (Boolean.getBoolean("golden.update")) {
      if (Files.exists(GOLDEN)) {
        try (var walk = Files.walk(GOLDEN)) {
          for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
      }
      for (var e : actual.entrySet()) {
        Path target = GOLDEN.resolve(e.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, e.getValue(), StandardCharsets.UTF_8);
      }
    }
    Map<String, String> expected = TestEnv.files(GOLDEN);
    assertEquals(expected.keySet(), actual.keySet(), "the set of generated files");
    for (String path : expected.keySet()) assertEquals(expected.get(path), actual.get(path), path);
  }
}
