package dev.driftsmith.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.driftsmith.launcher.LauncherLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged launchers, as the README registers them: {@code target/driftsmith serve} answers an
 * MCP session with nothing but JSON-RPC on stdout: on the JDK of its AOT cache, when the build made
 * one; on the JVM that built its class-data archive, when that JDK is gone or the jar is not the one
 * the cache was made for; and on another one (Java 25 here), where the archive does not fit and the
 * start goes on without it. {@code target/driftsmith tools} works; {@code driftsmith.cmd} carries
 * the same JVM options.
 */
@DisabledOnOs(OS.WINDOWS)
class LauncherIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** A JVM other than the build's: the system property {@code driftsmith.otherJava}, else Temurin 25 where Debian puts it. */
  private static final Path OTHER_JAVA = Path.of(System.getProperty("driftsmith.otherJava",
      "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));

  @TempDir
  Path tmp;

  /** Shared by the tests of this class: the AOT install, made once. */
  @TempDir
  static Path shared;
  private static Path aotInstall;

  @Test
  void theArchiveFitsTheBuildJvm() throws Exception {
    // -Xshare:on makes the JVM refuse to start when the archive cannot be used. DRIFTSMITH_JAVA
    // takes the launcher past the AOT cache's JDK, which refuses any -Xshare.
    Run tools = run(Map.of("DRIFTSMITH_JAVA", E2e.java(), "DRIFTSMITH_OPTS", "-Xshare:on"), "tools");
    assertEquals(0, tools.exitCode(), tools::describe);
    assertTrue(tools.stdout().lines().anyMatch(l -> l.startsWith("project_create ")), tools::describe);
  }

  @Test
  void servesASessionOnTheBuildJvm() throws Exception {
    session(Map.of());
  }

  @Test
  void servesASessionOnTheBuildJvmWhenTheJdkOfTheAotCacheIsGone() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("install"));
    for (String file : List.of("driftsmith.jar", "driftsmith.jsa", aotCache(aotInstall()).getFileName().toString())) {
      Files.copy(aotInstall().resolve(file), dir.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
    }
    String launcher = Files.readString(aotInstall().resolve("driftsmith"), StandardCharsets.UTF_8);
    Path aotJava = Path.of(launcher.lines().filter(l -> l.startsWith("  exec '")).findFirst().orElseThrow()
        .split("'")[1]);
    Files.writeString(dir.resolve("driftsmith"), launcher.replace(aotJava.toString(), tmp.resolve("uninstalled/bin/java").toString()));
    dir.resolve("driftsmith").toFile().setExecutable(true);

    Run tools = run(dir.resolve("driftsmith"), Map.of("DRIFTSMITH_OPTS", "-XshowSettings:properties"), "tools");
    assertEquals(17, javaVersion(tools), tools::describe);
    session(dir.resolve("driftsmith"), Map.of());
  }

  @Test
  void servesASessionOnAnotherJvmWithoutTheArchive() throws Exception {
    assumeTrue(Files.isExecutable(OTHER_JAVA), "no other JVM at " + OTHER_JAVA + " (set -Ddriftsmith.otherJava)");
    Run strict = run(Map.of("DRIFTSMITH_JAVA", OTHER_JAVA.toString(), "DRIFTSMITH_OPTS", "-Xshare:on"), "tools");
    assertNotEquals(0, strict.exitCode(), () -> "the archive of the build JVM should not fit " + OTHER_JAVA + "\n" + strict.describe());

    session(Map.of("DRIFTSMITH_JAVA", OTHER_JAVA.toString()));
    Run tools = run(Map.of("DRIFTSMITH_JAVA", OTHER_JAVA.toString()), "tools");
    assertEquals(0, tools.exitCode(), tools::describe);
    assertTrue(tools.stdout().lines().allMatch(l -> l.matches("[a-z_]+ +\\S.*")), () -> "only the tool list: " + tools.describe());
  }

  @Test
  void theAotCacheFitsItsJdkWhichTheLauncherRuns() throws Exception {
    // -XX:AOTMode=on makes the JVM refuse to start when the cache cannot be used.
    Run tools = run(aotInstall().resolve("driftsmith"), Map.of("DRIFTSMITH_OPTS", "-XX:AOTMode=on -XshowSettings:properties"),
        "tools");
    assertEquals(0, tools.exitCode(), tools::describe);
    assertTrue(javaVersion(tools) >= 25, tools::describe);
    assertTrue(tools.stdout().lines().allMatch(l -> l.matches("[a-z_]+ +\\S.*")), () -> "only the tool list: " + tools.describe());
  }

  @Test
  void aCacheOfAnotherJarIsIgnoredAndTheBuildJvmServesTheSession() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("install"));
    for (String file : List.of("driftsmith", aotCache(aotInstall()).getFileName().toString())) {
      Files.copy(aotInstall().resolve(file), dir.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
    }
    // Another build of the jar: one entry more. A JDK 25 would run the cached classes of the first.
    anotherBuild(E2e.jar(), dir.resolve("driftsmith.jar"));

    Run tools = run(dir.resolve("driftsmith"), Map.of("DRIFTSMITH_OPTS", "-XshowSettings:properties"), "tools");
    assertEquals(0, tools.exitCode(), tools::describe);
    assertEquals(17, javaVersion(tools), () -> "the build JVM, without the cache: " + tools.describe());
    session(dir.resolve("driftsmith"), Map.of());
  }

  @Test
  void oneShotToolsListsEveryTool() throws Exception {
    Run tools = run(Map.of(), "tools");
    assertEquals(0, tools.exitCode(), tools::describe);
    List<String> names = tools.stdout().lines().map(l -> l.split(" +")[0]).toList();
    assertTrue(names.containsAll(List.of("project_create", "drift_add_table", "project_generate")), names::toString);
  }

  @Test
  void theWindowsLauncherCarriesTheJvmOptionsOfTheShLauncher() throws IOException {
    String sh = Files.readString(target().resolve("driftsmith"), StandardCharsets.UTF_8);
    String cmd = Files.readString(target().resolve("driftsmith.cmd"), StandardCharsets.UTF_8);
    List<String> shOptions = LauncherLines.shOptions(sh);
    assertTrue(shOptions.contains("-XX:SharedArchiveFile=DIR/driftsmith.jsa"), shOptions::toString);
    assertEquals(shOptions, LauncherLines.cmdOptions(cmd));
  }

  private void session(Map<String, String> env) throws Exception {
    session(target().resolve("driftsmith"), env);
  }

  /** initialize, tools/list and ping through the launcher; every stdout line is JSON-RPC, and it exits at end of input. */
  private void session(Path launcher, Map<String, String> env) throws Exception {
    ProcessBuilder builder = builder(launcher, env, "serve");
    Path stderr = tmp.resolve("stderr-" + System.nanoTime() + ".txt");
    builder.redirectError(stderr.toFile());
    Process server = builder.start();
    List<String> lines = new ArrayList<>();
    try {
      OutputStream in = server.getOutputStream();
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"launcher-it\",\"version\":\"1\"}}}");
      JsonNode init = answer(out, lines, 1);
      assertEquals("driftsmith", init.path("result").path("serverInfo").path("name").asString(), init::toString);
      send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
      assertTrue(answer(out, lines, 2).path("result").path("tools").size() > 20, () -> String.join("\n", lines));
      send(in, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
      answer(out, lines, 3);
      in.close();
      for (String line; (line = out.readLine()) != null; ) lines.add(line);
      assertTrue(server.waitFor(E2e.EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the server did not exit at end of input");
      assertEquals(0, server.exitValue(), () -> E2e.read(stderr));
    } finally {
      E2e.destroy(server);
    }
    for (String line : lines) {
      JsonNode message = JSON.readTree(line);
      assertEquals("2.0", message.path("jsonrpc").asString(), () -> "stdout carries only JSON-RPC, got: " + line);
    }
  }

  private static JsonNode answer(BufferedReader out, List<String> lines, int id) throws IOException {
    for (String line; (line = out.readLine()) != null; ) {
      lines.add(line);
      JsonNode message = JSON.readTree(line);
      if (message.path("id").asInt(-1) == id && !message.has("method")) return message;
    }
    throw new AssertionError("stdout closed before the answer to " + id + ":\n" + String.join("\n", lines));
  }

  private static void send(OutputStream in, String line) throws IOException {
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  record Run(int exitCode, String stdout, String stderr) {
    String describe() {
      return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
  }

  private Run run(Map<String, String> env, String... args) throws Exception {
    return run(target().resolve("driftsmith"), env, args);
  }

  private Run run(Path launcher, Map<String, String> env, String... args) throws Exception {
    ProcessBuilder builder = builder(launcher, env, args);
    Path out = tmp.resolve("out-" + System.nanoTime());
    Path err = tmp.resolve("err-" + System.nanoTime());
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    process.getOutputStream().close();
    try {
      assertTrue(process.waitFor(E2e.COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the launcher did not finish");
    } finally {
      E2e.destroy(process);
    }
    return new Run(process.exitValue(), E2e.read(out), E2e.read(err));
  }

  private ProcessBuilder builder(Path launcher, Map<String, String> env, String... args) throws IOException {
    assertTrue(Files.isExecutable(launcher), () -> "no executable launcher at " + launcher + "; run `mvn package`");
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("DRIFTSMITH_JAVA");
    builder.environment().remove("DRIFTSMITH_OPTS");
    builder.environment().put("DRIFTSMITH_HOME", Files.createDirectories(tmp.resolve("home")).toString());
    builder.environment().putAll(env);
    return builder;
  }

  /** The AOT cache in {@code dir}. */
  private static Path aotCache(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().matches("driftsmith-[0-9a-f]+\\.aot")).findFirst()
          .orElseThrow(() -> new AssertionError("no AOT cache in " + dir));
    }
  }

  /**
   * The packaged jar with launchers and both archives, an AOT cache among them, made once for this
   * class as the build makes them with {@code -Ddriftsmith.aot.java.home} (the default build makes
   * no AOT cache); skips the test without a JDK 25 at {@link #OTHER_JAVA}.
   */
  private static synchronized Path aotInstall() throws Exception {
    assumeTrue(Files.isExecutable(OTHER_JAVA), "no JDK 25 at " + OTHER_JAVA + " (set -Ddriftsmith.otherJava)");
    if (aotInstall != null) return aotInstall;
    Path dir = Files.createDirectories(shared.resolve("aot-install"));
    Files.copy(E2e.jar(), dir.resolve("driftsmith.jar"), StandardCopyOption.COPY_ATTRIBUTES);
    Process build = new ProcessBuilder(E2e.java(), "-Ddriftsmith.aot.java.home=" + OTHER_JAVA.getParent().getParent(),
        "-cp", dir.resolve("driftsmith.jar").toString(), "dev.driftsmith.launcher.BuildLaunchers", dir.toString())
        .redirectErrorStream(true).redirectOutput(shared.resolve("aot-build.txt").toFile()).start();
    assertTrue(build.waitFor(10, TimeUnit.MINUTES), "BuildLaunchers did not finish");
    assertEquals(0, build.exitValue(), () -> E2e.read(shared.resolve("aot-build.txt")));
    aotInstall = dir;
    return dir;
  }

  /** The feature release of the JVM that ran, from the properties -XshowSettings printed on stderr. */
  private static int javaVersion(Run run) {
    return run.stderr().lines().map(String::strip).filter(l -> l.startsWith("java.specification.version = "))
        .map(l -> Integer.parseInt(l.substring(l.indexOf('=') + 1).strip())).findFirst()
        .orElseThrow(() -> new AssertionError("no java.specification.version on stderr:\n" + run.describe()));
  }

  /** A copy of {@code jar} with one entry more: the same classes, another build. */
  private static void anotherBuild(Path jar, Path to) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
         ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        out.putNextEntry(new ZipEntry(entry.getName()));
        in.transferTo(out);
        out.closeEntry();
      }
      out.putNextEntry(new ZipEntry("META-INF/another-build.txt"));
      out.write("another build".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
  }

  /** The folder of the packaged jar, where the build writes the launchers. */
  private static Path target() {
    return E2e.jar().getParent();
  }
}
