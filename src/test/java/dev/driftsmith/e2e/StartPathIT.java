package dev.driftsmith.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the stdio server loads before it has answered {@code initialize} and {@code tools/list}: the
 * classes the JVM logs for a session of the packaged jar. The front answers both itself and only
 * then starts building the SDK's server and the tools; the log is read when an answer arrives, by
 * which time those may have begun, so the budget below counts some of them. Start-up is paid by every assistant
 * session, so nothing that the first answers do not need may load: no JSON Schema validator (our
 * tools check their own arguments), no command-line model, no template engine (templates compile
 * on first use), and no more of the jar's classes than the budget.
 */
class StartPathIT {
  /**
   * Classes of the jar loaded up to tools/list: about 145 when the log is read the moment the
   * answer arrives, plus whatever the SDK's server, the JSON warm-up and the tools, started right
   * after that answer, load before the log is read; a ceiling, then, not a measure. 1,560 of the
   * jar's classes loaded before tools/list while the front still passed it to the SDK, 1,856 before
   * start-up was made lazy.
   */
  private static final int BUDGET = 1_650;

  /** Libraries the first answers do not need, by package prefix, with what they are. */
  private static final Map<String, String> NOT_ON_THE_START_PATH = Map.of(
      "com.networknt.", "the SDK's JSON Schema validator",
      "picocli.", "the command-line model",
      "com.github.jknack.handlebars.", "the template engine",
      "org.sqlite.", "SQLite",
      "org.snakeyaml.", "the YAML parser");

  @TempDir
  Path tmp;

  /**
   * What the SDK's server and the tools are built from, by package prefix: the front answers
   * initialize before it starts building either, so none of it may load before that answer.
   */
  private static final Map<String, String> BUILT_AFTER_INITIALIZE = Map.of(
      "reactor.", "the SDK's server (Reactor)",
      "io.modelcontextprotocol.server.McpAsyncServer", "the SDK's server",
      "dev.driftsmith.feature.", "the tools");

  @Test
  void initializeIsAnsweredBeforeTheSdkOrTheToolsAreBuilt() throws Exception {
    List<String> loaded = classesLoadedBy(tmp.resolve("classes.txt")).atInitialize();
    assertEquals(Map.of(), firstFewOf(loaded, BUILT_AFTER_INITIALIZE), "loaded before initialize was answered (the first few of each)");
  }

  @Test
  void theFirstAnswersLoadOnlyWhatTheyNeed() throws Exception {
    List<String> loaded = classesLoadedBy(tmp.resolve("classes.txt")).atToolsList();
    assertEquals(Map.of(), firstFewOf(loaded, NOT_ON_THE_START_PATH), "loaded before the first answers (the first few of each)");
    long fromJar = loaded.stream().filter(c -> c.endsWith(" jar")).count();
    assertTrue(fromJar <= BUDGET, () -> fromJar + " classes of the jar loaded before tools/list was answered; the budget is " + BUDGET);
  }

  /** For each package prefix of {@code what} that {@code loaded} has classes of, its name and the first five of them. */
  private static Map<String, List<String>> firstFewOf(List<String> loaded, Map<String, String> what) {
    Map<String, List<String>> found = new TreeMap<>();
    for (var entry : what.entrySet()) {
      List<String> classes = loaded.stream().filter(c -> c.startsWith(entry.getKey())).toList();
      if (!classes.isEmpty()) found.put(entry.getValue(), classes.subList(0, Math.min(5, classes.size())));
    }
    return found;
  }

  /** The classes loaded when initialize was answered, and when tools/list was. */
  private record Loaded(List<String> atInitialize, List<String> atToolsList) {}

  /**
   * Runs {@code serve} through initialize and tools/list with class loading logged to {@code log},
   * then ends the session; returns each loaded class's name, with " jar" appended to those read
   * from the packaged jar, as the log stood at each answer.
   */
  private Loaded classesLoadedBy(Path log) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(E2e.java(), "-Xlog:class+load=info:file=" + log, "-jar",
        E2e.jar().toString(), "serve");
    builder.environment().put("DRIFTSMITH_HOME", Files.createDirectories(tmp.resolve("home")).toString());
    builder.redirectError(tmp.resolve("stderr.txt").toFile());
    Process server = builder.start();
    try {
      OutputStream in = server.getOutputStream();
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"start-path-it\",\"version\":\"1\"}}}");
      awaitAnswer(out, 1);
      List<String> atInitialize = Files.readAllLines(log, StandardCharsets.UTF_8);
      send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
      awaitAnswer(out, 2);
      // The log is read as it stands now: what the shutdown loads does not count.
      List<String> atToolsList = Files.readAllLines(log, StandardCharsets.UTF_8);
      in.close();
      assertTrue(server.waitFor(E2e.EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the server did not exit");
      return new Loaded(classNames(atInitialize), classNames(atToolsList));
    } finally {
      E2e.destroy(server);
    }
  }

  private static List<String> classNames(List<String> logLines) {
    String jar = E2e.jar().getFileName().toString();
    return logLines.stream()
        .filter(l -> l.contains(" source: "))
        .map(l -> {
          String name = l.substring(l.indexOf("] ") + 2, l.indexOf(" source: "));
          return l.contains(" source: file:") && l.endsWith(jar) ? name + " jar" : name;
        })
        .toList();
  }

  private static void awaitAnswer(BufferedReader out, int id) throws IOException {
    String prefix = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",";
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith(prefix)) return;
    }
    throw new AssertionError("stdout closed before the answer to request " + id);
  }

  private static void send(OutputStream in, String line) throws IOException {
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }
}
