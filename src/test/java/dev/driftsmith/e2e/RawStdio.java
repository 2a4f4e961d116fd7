package dev.driftsmith.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code serve} driven over raw stdio: lines in, every stdout line kept in order as it arrives. */
final class RawStdio implements AutoCloseable {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path stderr;
  private final OutputStream stdin;
  private final List<JsonNode> received = new ArrayList<>();
  private boolean stdoutClosed;

  private RawStdio(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.stdin = process.getOutputStream();
    Thread reader = new Thread(this::readStdout, "raw-stdio-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code serve} with DRIFTSMITH_HOME in {@code tmp} and the extra environment {@code env}. */
  static RawStdio start(Path tmp, Map<String, String> env) throws IOException {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path stderr = tmp.resolve("server-stderr.txt");
    ProcessBuilder builder = new ProcessBuilder(E2e.command("serve"));
    builder.environment().put("DRIFTSMITH_HOME", home.toString());
    builder.environment().putAll(env);
    builder.redirectError(stderr.toFile());
    return new RawStdio(builder.start(), stderr);
  }

  static ObjectNode request(Object id, String method, ObjectNode params) {
    ObjectNode node = JSON.createObjectNode().put("jsonrpc", "2.0");
    node.set("id", JSON.valueToTree(id));
    node.put("method", method);
    if (params != null) node.set("params", params);
    return node;
  }

  static ObjectNode notification(String method, ObjectNode params) {
    ObjectNode node = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
    if (params != null) node.set("params", params);
    return node;
  }

  static ObjectNode toolCall(String name, ObjectNode arguments) {
    return JSON.createObjectNode().put("name", name).set("arguments", arguments);
  }

  /** initialize, then notifications/initialized; returns the initialize result. */
  JsonNode initialize() throws IOException, InterruptedException {
    send(request("init", "initialize", JSON.createObjectNode()
        .put("protocolVersion", "2025-06-18")
        .<ObjectNode>set("capabilities", JSON.createObjectNode())
        .set("clientInfo", JSON.createObjectNode().put("name", "driftsmith-e2e-raw").put("version", "1.0"))));
    JsonNode init = response("\"init\"");
    send(notification("notifications/initialized", null));
    return init;
  }

  void send(JsonNode message) throws IOException {
    send(JSON.writeValueAsString(message));
  }

  /** Sends {@code line} and a newline as they are. */
  void send(String line) throws IOException {
    sendBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  void sendBytes(byte[] bytes) throws IOException {
    stdin.write(bytes);
    stdin.flush();
  }

  /** How many messages arrived so far; pass it to {@link #since}. */
  synchronized int mark() {
    return received.size();
  }

  /** The messages that arrived after {@code mark}. */
  synchronized List<JsonNode> since(int mark) {
    return List.copyOf(received.subList(mark, received.size()));
  }

  /** Waits for the response whose id is {@code idJson} (JSON text: {@code 1}, {@code "a"}). */
  synchronized JsonNode response(String idJson) throws InterruptedException {
    long deadline = System.nanoTime() + RESPONSE_TIMEOUT.toNanos();
    while (true) {
      for (JsonNode message : received) {
        if (!message.has("method") && message.has("id") && message.get("id").toString().equals(idJson)) return message;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || stdoutClosed) {
        fail("no response to " + idJson + (stdoutClosed ? " before stdout closed" : " within " + RESPONSE_TIMEOUT)
            + "; received:\n" + received + "\n" + stderr());
      }
      wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }
  }

  /** The responses with id {@code idJson} that arrived so far. */
  synchronized List<JsonNode> responses(String idJson) {
    return received.stream().filter(m -> !m.has("method") && m.has("id") && m.get("id").toString().equals(idJson)).toList();
  }

  /** Closes stdin and asserts the server exits with 0 within {@link E2e#EXIT_TIMEOUT}. */
  void closeAndAssertExit() throws IOException, InterruptedException {
    stdin.close();
    if (!process.waitFor(E2e.EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      fail("server still running " + E2e.EXIT_TIMEOUT + " after stdin was closed; " + stderr());
    }
    assertEquals(0, process.exitValue(), this::stderr);
  }

  String stderr() {
    try {
      return Files.exists(stderr) ? "server stderr:\n" + Files.readString(stderr) : "(no stderr)";
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }

  private void readStdout() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (RuntimeException e) {
          node = JSON.createObjectNode().put("notJson", line);
        }
        synchronized (this) {
          received.add(node);
          notifyAll();
        }
      }
    } catch (IOException ignored) {
      // the process was killed
    } finally {
      synchronized (this) {
        stdoutClosed = true;
        notifyAll();
      }
    }
  }

  @Override
  public void close() {
    E2e.destroy(process);
  }
}
