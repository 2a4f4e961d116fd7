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
 * classes the JVM logs for a session of the packaged jar. Start-up is paid by every assistant
 * session, so nothing that the first answers do not need may load: no JSON Schema validator (our
 * tools check their own arguments), no command-line model, no template engine (templates compile
 * on first use), and no more of the jar's classes than the budget.
 */
class StartPathIT {
  /**
   * Classes of the jar loaded up to tools/list: about 1,560 today (about 210 of them ours: one class
   * per tool, and the enums and records their schemas are built from), 1,856 before start-up was
   * made lazy. The count includes what the JSON warm-up's second thread loads for the first
   * {@code tools/call} while the tools are built; that thread finishes first on a busy machine too.
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

  @Test
  void theFirstAnswersLoadOnlyWhatTheyNeed() throws Exception {
    List<String> loaded = classesLoadedBy(tmp.resolve("classes.txt"));
    Map<String, List<String>> unwanted = new TreeMap<>();
    for (var entry : NOT_ON_THE_START_PATH.entrySet()) {
      List<String> classes = loaded.stream().filter(c -> c.startsWith(entry.getKey())).toList();
      if (!classes.isEmpty()) unwanted.put(entry.getValue(), classes.subList(0, Math.min(5, classes.size())));
    }
    assertEquals(Map.of(), unwanted, "loaded before the first answers (the first few of each)");
    long fromJar = loaded.stream().filter(c -> c.endsWith(" jar")).count();
    assertTrue(fromJar <= BUDGET, () -> fromJar + " classes of the jar loaded before tools/list was answered; the budget is " + BUDGET);
  }

  /**
   * Runs {@code serve} through initialize and tools/list with class loading logged to {@code log},
   * then ends the session; returns each loaded class's name, with " jar" appended to those read
   * from the packaged jar.
   */
  private List<String> classesLoadedBy(Path log) throws Exception {
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
      send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
      awaitAnswer(out, 2);
      // The log is read as it stands now: what the shutdown loads does not count.
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      in.close();
      assertTrue(server.waitFor(E2e.EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the server did not exit");
      String jar = E2e.jar().getFileName().toString();
      return lines.stream()
          .filter(l -> l.contains(" source: "))
          .map(l -> {
            String name = l.substring(l.indexOf("] ") + 2, l.indexOf(" source: "));
            return l.contains(" source: file:") && l.endsWith(jar) ? name + " jar" : name;
          })
          .toList();
    } finally {
      E2e.destroy(server);
    }
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
