package dev.driftsmith.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A hand-written JSON-RPC session over the raw stdio of {@code serve}: stdout must carry nothing but
 * JSON-RPC messages, every request gets its response, and the process exits once stdin is closed.
 */
class StdoutIsJsonIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
  /** Marks the end of stdout in the line queue. */
  private static final String EOF = new String("<EOF>");

  @TempDir
  Path tmp;

  private Process process;
  private Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  /** Every stdout line, in order, as received. */
  private final List<String> stdout = new ArrayList<>();
  /** Parsed responses by id (as text, so 1 and "1" would not be confused with each other in messages). */
  private final Map<String, JsonNode> responses = new LinkedHashMap<>();
  private boolean stdoutClosed;

  @AfterEach
  void stop() {
    E2e.destroy(process);
  }

  @Test
  void everyStdoutLineIsJsonRpc() {
    assertTimeoutPreemptively(Duration.ofMinutes(3), this::session, () -> "raw stdio session hung; " + stderrText());
  }

  private void session() throws Exception {
    Path app = tmp.resolve("raw_app");
    start();
    OutputStream stdin = process.getOutputStream();

    send(stdin, request(1, "initialize", JSON.createObjectNode()
        .put("protocolVersion", "2025-06-18")
        .<ObjectNode>set("capabilities", JSON.createObjectNode())
        .set("clientInfo", JSON.createObjectNode().put("name", "driftsmith-e2e-raw").put("version", "1.0"))));
    JsonNode init = awaitResponse("1");
    assertFalse(init.path("result").path("protocolVersion").asString().isEmpty(), init::toString);
    assertEquals("driftsmith", init.path("result").path("serverInfo").path("name").asString(), init::toString);

    send(stdin, JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"));

    send(stdin, request(2, "tools/list", JSON.createObjectNode()));
    JsonNode list = awaitResponse("2");
    List<String> names = new ArrayList<>();
    list.path("result").path("tools").forEach(t -> names.add(t.path("name").asString()));
    assertTrue(names.contains("project_create"), () -> "tools/list: " + names);

    send(stdin, request(3, "tools/call", toolCall("project_create",
        JSON.createObjectNode().put("name", "raw_app").put("path", app.toString()))));
    JsonNode created = awaitResponse("3");
    assertFalse(created.path("result").path("isError").asBoolean(false), created::toString);
    assertTrue(created.path("result").path("structuredContent").path("files").size() > 0, created::toString);
    assertTrue(Files.isRegularFile(app.resolve("driftsmith.yaml")), "project_create wrote no driftsmith.yaml");

    // Bad arguments that pass the declared schema but fail Driftsmith's own checks: a relative path.
    send(stdin, request(4, "tools/call", toolCall("project_create",
        JSON.createObjectNode().put("name", "other_app").put("path", "relative/other_app"))));
    JsonNode relative = awaitResponse("4");
    assertTrue(relative.path("result").path("isError").asBoolean(false), relative::toString);
    assertTrue(firstText(relative).startsWith("path: "), relative::toString);

    // Bad arguments that break the declared schema (an unknown column type).
    send(stdin, request(5, "tools/call", toolCall("drift_add_table", JSON.createObjectNode()
        .put("projectId", "raw_app").put("name", "things")
        .set("columns", JSON.createArrayNode().add(JSON.createObjectNode().put("name", "a").put("type", "varchar"))))));
    JsonNode badType = awaitResponse("5");
    assertTrue(badType.path("result").path("isError").asBoolean(false), badType::toString);
    assertTrue(firstText(badType).contains("type"), badType::toString);

    // An unknown tool: a JSON-RPC error or an error result, but an answer either way.
    send(stdin, request(6, "tools/call", toolCall("no_such_tool", JSON.createObjectNode())));
    JsonNode unknown = awaitResponse("6");
    assertTrue(unknown.has("error") || unknown.path("result").path("isError").asBoolean(false), unknown::toString);

    send(stdin, request(7, "ping", null));
    awaitResponse("7");

    // Close stdin: the server must finish and stdout must reach EOF.
    long closedAt = System.nanoTime();
    stdin.close();
    drainUntilEof(E2e.EXIT_TIMEOUT);
    long left = E2e.EXIT_TIMEOUT.toNanos() - (System.nanoTime() - closedAt);
    if (!process.waitFor(Math.max(left, 0), TimeUnit.NANOSECONDS)) {
      fail("server still running " + E2e.EXIT_TIMEOUT + " after stdin was closed; " + stderrText());
    }
    assertEquals(0, process.exitValue(), this::stderrText);

    // Every line of the whole session is a JSON-RPC 2.0 object, and every request was answered.
    assertFalse(stdout.isEmpty());
    for (String line : stdout) {
      if (line.isBlank()) continue;
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (RuntimeException e) {
        throw new AssertionError("stdout line is not JSON: " + line, e);
      }
      assertTrue(node.isObject(), () -> "stdout line is not a JSON object: " + line);
      assertEquals("2.0", node.path("jsonrpc").asString(), () -> "not JSON-RPC 2.0: " + line);
      if (node.has("id") && !node.has("method")) {
        assertTrue(node.has("result") ^ node.has("error"), () -> "a response has result or error: " + line);
      }
    }
    assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), new ArrayList<>(responses.keySet()),
        "responses by id, in order");
  }

  /**
   * The SDK's stdio transport stops reading stdin after one line it cannot parse; the stdio front
   * answers such lines itself (StdioProtocolIT checks each answer), so the session goes on and the
   * server still exits at end of input.
   */
  @Test
  void malformedLineDoesNotKillTheSession() {
    assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
      start();
      OutputStream stdin = process.getOutputStream();
      send(stdin, request(1, "initialize", JSON.createObjectNode()
          .put("protocolVersion", "2025-06-18")
          .<ObjectNode>set("capabilities", JSON.createObjectNode())
          .set("clientInfo", JSON.createObjectNode().put("name", "driftsmith-e2e-raw").put("version", "1.0"))));
      awaitResponse("1");
      send(stdin, JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
      stdin.write("this is not json\n{\"foo\":1}\n".getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      send(stdin, request(2, "ping", null));
      awaitResponse("2");
      stdin.close();
      drainUntilEof(E2e.EXIT_TIMEOUT);
      assertTrue(process.waitFor(E2e.EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "server did not exit");
    }, () -> "session hung; " + stderrText());
  }

  private void start() throws IOException {
    Path home = Files.createDirectories(tmp.resolve("home"));
    stderr = tmp.resolve("server-stderr.txt");
    ProcessBuilder builder = new ProcessBuilder(E2e.command("serve"));
    builder.environment().put("DRIFTSMITH_HOME", home.toString());
    builder.redirectError(stderr.toFile());
    process = builder.start();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) lines.add(line);
      } catch (IOException ignored) {
        // the process was killed
      } finally {
        lines.add(EOF);
      }
    }, "driftsmith-stdout-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private static ObjectNode request(int id, String method, ObjectNode params) {
    ObjectNode node = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
    if (params != null) node.set("params", params);
    return node;
  }

  private static ObjectNode toolCall(String name, ObjectNode arguments) {
    return JSON.createObjectNode().put("name", name).set("arguments", arguments);
  }

  private static void send(OutputStream stdin, JsonNode message) throws IOException {
    String line = JSON.writeValueAsString(message);
    assertFalse(line.contains("\n"), "a message must fit on one line");
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /** Reads stdout lines until the response with {@code id} arrives; fails after {@link #RESPONSE_TIMEOUT}. */
  private JsonNode awaitResponse(String id) throws InterruptedException {
    long deadline = System.nanoTime() + RESPONSE_TIMEOUT.toNanos();
    while (!responses.containsKey(id)) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || stdoutClosed) {
        fail("no response to request " + id + (stdoutClosed ? " before stdout closed" : " within " + RESPONSE_TIMEOUT)
            + "; stdout so far:\n" + String.join("\n", stdout) + "\n" + stderrText());
      }
      take(left);
    }
    JsonNode response = responses.get(id);
    assertNotNull(response);
    return response;
  }

  private void drainUntilEof(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!stdoutClosed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) fail("stdout not closed " + timeout + " after stdin was closed; " + stderrText());
      take(left);
    }
  }

  /** Takes one line from the queue (waiting at most {@code nanos}) and records it. */
  private void take(long nanos) throws InterruptedException {
    String line = lines.poll(nanos, TimeUnit.NANOSECONDS);
    if (line == null) return;
    if (line == EOF) {
      stdoutClosed = true;
      return;
    }
    stdout.add(line);
    if (line.isBlank()) return;
    try {
      JsonNode node = JSON.readTree(line);
      if (node.isObject() && node.has("id") && !node.has("method")) responses.put(node.get("id").asString(), node);
    } catch (RuntimeException ignored) {
      // reported by the final check over every line
    }
  }

  private static String firstText(JsonNode response) {
    return response.path("result").path("content").path(0).path("text").asString();
  }

  private String stderrText() {
    try {
      return stderr == null || !Files.exists(stderr) ? "(no stderr)" : "server stderr:\n" + Files.readString(stderr);
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }
}
