package dev.driftsmith.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Dart syntax gate itself: it finds what is broken, and it cannot crash the JVM that runs the suite. */
class DartSyntaxTest {
  @TempDir
  Path dir;

  @Test
  void listsEveryErrorWithItsLine() {
    assertEquals(List.of(), DartSyntax.problems("class A {\n  int x = 1;\n}\n"));
    List<String> problems = DartSyntax.problems("class A {\n  int x = ;\n}\n");
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(problems.get(0).endsWith("at line 2: int x = ;"), problems::toString);
  }

  /**
   * The binding frees native parsers and trees when their Java objects are collected. A JIT-compiled parse
   * (compiled from the first call on) under constant garbage collection, with glibc filling freed memory
   * (MALLOC_PERTURB_), crashed the JVM within seconds when the parser or tree could be collected before the
   * walk ended; it must run to the end and find the same problems every time.
   */
  @Test
  void survivesGarbageCollectionDuringParseAndWalk() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder child = new ProcessBuilder(java, "-XX:CompileThreshold=1", "-XX:-TieredCompilation",
        "-XX:+UseSerialGC", "-Xmx32m", "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"),
        "-cp", System.getProperty("java.class.path"), DartSyntaxUnderGc.class.getName(), "40")
        .redirectErrorStream(true);
    child.environment().put("MALLOC_PERTURB_", "165");
    Process process = child.start();
    String output = readAll(process);
    assertTrue(process.waitFor(3, TimeUnit.MINUTES), "the child JVM did not finish");
    assertEquals(0, process.exitValue(), () -> "the child JVM failed:\n" + output);
    assertTrue(output.contains("runs=40 problems=60"), output);
  }

  private static String readAll(Process process) throws IOException {
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
