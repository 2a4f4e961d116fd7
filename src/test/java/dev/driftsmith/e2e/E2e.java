package dev.driftsmith.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Shared helpers for the end-to-end tests that drive the packaged jar as a separate process. */
final class E2e {
  private E2e() {}

  /** How long one CLI command may run before the test fails. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

  /** How long a server may take to exit once its input is closed (or it was asked to stop). */
  static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

  /** The packaged jar: the failsafe property {@code driftsmith.jar}, else target/driftsmith.jar. */
  static Path jar() {
    String property = System.getProperty("driftsmith.jar");
    Path jar = property != null && !property.isBlank()
        ? Path.of(property) : Path.of("target", "driftsmith.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), () -> "packaged jar not found at " + jar + "; run `mvn package` first");
    return jar.toAbsolutePath();
  }

  /** The java launcher of the JVM running the tests, so the server runs on the same Java. */
  static String java() {
    boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
    Path java = Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    return Files.isExecutable(java) ? java.toString() : "java";
  }

  /** {@code java -jar driftsmith.jar args...}. */
  static List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** A process started by a test, with its output collected. */
  record Result(int exitCode, String stdout, String stderr) {
    String describe() {
      return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
  }

  /**
   * Runs {@code java -jar driftsmith.jar args...} with DRIFTSMITH_HOME set to {@code home} and stdin closed.
   * Fails (and kills the process) when it does not finish within {@link #COMMAND_TIMEOUT}.
   */
  static Result run(Path home, String... args) {
    Process process = null;
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("driftsmith-e2e-out", ".txt");
      err = Files.createTempFile("driftsmith-e2e-err", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command(args));
      builder.environment().put("DRIFTSMITH_HOME", home.toString());
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      process = builder.start();
      process.getOutputStream().close();
      if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        fail("`" + String.join(" ", args) + "` did not finish within " + COMMAND_TIMEOUT + "; stderr so far:\n"
            + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + String.join(" ", args), e);
    } finally {
      destroy(process);
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** Kills a process (and anything it started) and waits briefly for it to go. Null-safe, idempotent. */
  static void destroy(Process process) {
    if (process == null) return;
    destroy(process.toHandle());
  }

  static void destroy(ProcessHandle handle) {
    if (handle == null || !handle.isAlive()) return;
    handle.descendants().forEach(ProcessHandle::destroyForcibly);
    handle.destroyForcibly();
    try {
      handle.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // Best effort: the test has already failed or finished.
    }
  }

  /** Pids of this JVM's direct children right now. */
  static Set<Long> childPids() {
    return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  /** Every regular file below {@code root}, relative path → bytes (for byte-for-byte comparisons). */
  static Map<String, byte[]> snapshot(Path root) {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Asserts two snapshots hold the same paths with the same bytes, naming what differs. */
  static void assertSameFiles(Map<String, byte[]> before, Map<String, byte[]> after, String what) {
    List<String> differences = new ArrayList<>();
    for (String path : before.keySet()) {
      if (!after.containsKey(path)) differences.add("deleted " + path);
      else if (!java.util.Arrays.equals(before.get(path), after.get(path))) differences.add("changed " + path);
    }
    for (String path : after.keySet()) {
      if (!before.containsKey(path)) differences.add("created " + path);
    }
    assertTrue(differences.isEmpty(), () -> what + " changed files: " + differences);
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void assertContains(String haystack, String needle) {
    assertTrue(haystack.contains(needle), () -> "expected to find <" + needle + "> in:\n" + haystack);
  }

  private static void deleteQuietly(Path p) {
    if (p == null) return;
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // temp file; the OS cleans up
    }
  }
}
