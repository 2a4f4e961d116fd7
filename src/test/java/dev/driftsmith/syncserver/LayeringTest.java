package dev.driftsmith.syncserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sync server is deployed on its own, next to a database, and must not drag the code
 * generator in: nothing under dev.driftsmith.syncserver imports another dev.driftsmith package.
 */
class LayeringTest {
  @Test
  void theServerImportsNothingOfTheGenerator() throws IOException {
    List<String> offending = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/driftsmith/syncserver"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(file)) {
          String trimmed = line.strip();
          if ((trimmed.startsWith("import dev.driftsmith.") || trimmed.startsWith("import static dev.driftsmith."))
              && !trimmed.contains("dev.driftsmith.syncserver.")) {
            offending.add(file.getFileName() + ": " + trimmed);
          }
        }
      }
    }
    assertEquals(List.of(), offending);
  }
}
