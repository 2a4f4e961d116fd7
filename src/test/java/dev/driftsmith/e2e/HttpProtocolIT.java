package dev.driftsmith.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code serve --http} against raw HTTP clients: every refusal is a small JSON-RPC error, never a
 * Java exception; an unknown protocol version gets 400; slow clients cannot lock out a normal one;
 * connections are capped; idle sessions expire; cancellation and progress work as on stdio.
 */
class HttpProtocolIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1.0\"}}}";
  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";

  @TempDir
  Path tmp;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private HttpServe server;

  @Test
  void everyRefusalIsASmallJsonRpcError() {
    assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
      try (HttpServe s = HttpServe.start(tmp, Map.of())) {
        server = s;
        String session = initialize();
        assertRefused(post(null, "not json"), 400, "null", -32700, "parse error");
        assertRefused(post(session, "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}"), 400, "null", -32600,
            "id: must be a string or an integer, not null");
        assertRefused(post(session, "[" + PING + "]"), 400, "null", -32600, "batches (JSON arrays) are not supported");
        assertRefused(post(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{},\"error\":{\"code\":1,\"message\":\"x\"}}"),
            400, "null", -32600, "both result and error");
        assertRefused(post(null, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}"), 400, "3", -32002,
            "Mcp-Session-Id: missing; send initialize first");
        assertRefused(post("no-such-session", PING), 404, "null", -32603, "Session not found: no-such-session");
        assertRefused(send(request("/mcp").header("Accept", "text/event-stream").header("Mcp-Session-Id", "no-such-session").GET()),
            404, "null", -32600, "HTTP 404");
        assertRefused(send(request("/mcp").header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
            .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString(INITIALIZE))), 403, "null", -32600,
            "Invalid Origin header");
        assertRefused(send(request("/mcp").header("Content-Type", "text/plain").header("Accept", "application/json, text/event-stream")
            .header("Mcp-Session-Id", session).POST(HttpRequest.BodyPublishers.ofString(PING))), 415, "null", -32600,
            "Content-Type must be application/json");
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\",\"params\":{\"x\":\"" + "a".repeat(5_000_000) + "\"}}";
        // Declared too large: refused from the headers alone, before the body is read. Over a raw
        // socket, because an HTTP client that writes the whole body first may meet a closed connection.
        try (Socket big = connect()) {
          big.setSoTimeout(10_000);
          startPost(big, huge.length());
          big.getOutputStream().write(huge.substring(0, 1000).getBytes(StandardCharsets.UTF_8));
          String answer = new String(big.getInputStream().readNBytes(4096), StandardCharsets.ISO_8859_1);
          assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
          assertTrue(answer.contains("Request body is too large") && !answer.contains("Exception"), answer);
        }

        // MCP-Protocol-Version: an unknown one gets 400; the ones the server speaks pass.
        assertRefused(post(session, PING, Map.of("MCP-Protocol-Version", "1999-01-01")), 400, "null", -32600,
            "MCP-Protocol-Version: '1999-01-01' is not a protocol version this server speaks");
        for (String version : List.of("2025-03-26", "2025-06-18", "2025-11-25")) {
          HttpResponse<String> pong = post(session, PING, Map.of("MCP-Protocol-Version", version));
          assertEquals(200, pong.statusCode(), () -> version + ": " + pong.body());
        }

        // An unknown tool is named in the answer.
        JsonNode unknown = events(post(session, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"no_such_tool\",\"arguments\":{}}}")).get(0);
        assertEquals("no tool named 'no_such_tool'; see tools/list", unknown.path("error").path("message").asString(), unknown::toString);
        assertTrue(server.process.isAlive(), server::stderr);
      }
    }, () -> server == null ? "" : server.stderr());
  }

  @Test
  void slowClientsDoNotLockOutANormalOne() {
    assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
      try (HttpServe s = HttpServe.start(tmp, Map.of(), "--read-timeout", "3", "--idle-timeout", "4")) {
        server = s;
        // 200 clients that send their headers and a first byte of a 100 kB body, then stall.
        List<Socket> slow = new ArrayList<>();
        try {
          for (int i = 0; i < 200; i++) {
            Socket socket = connect();
            startPost(socket, 100_000);
            socket.getOutputStream().write('{');
            slow.add(socket);
          }
          long start = System.nanoTime();
          HttpResponse<String> normal = post(null, INITIALIZE);
          Duration took = Duration.ofNanos(System.nanoTime() - start);
          assertEquals(200, normal.statusCode(), normal::body);
          assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "a normal client waited " + took);

          // A stalled body is cut off at the read timeout with 408, although bytes keep trickling in.
          Socket drip = slow.get(0);
          drip.setSoTimeout(500);
          long dripStart = System.nanoTime();
          String answer = readWhileDripping(drip, Duration.ofSeconds(15));
          Duration cut = Duration.ofNanos(System.nanoTime() - dripStart);
          assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
          assertTrue(answer.contains("\"code\":-32600") && answer.contains("did not arrive in time"), answer);
          assertTrue(cut.compareTo(Duration.ofSeconds(10)) < 0, "a dripping body held its connection for " + cut);

          // A connection that sends nothing is closed at the idle timeout.
          try (Socket silent = connect()) {
            silent.setSoTimeout(15_000);
            long silentStart = System.nanoTime();
            assertEquals(-1, silent.getInputStream().read(), "the server should close a silent connection");
            Duration idle = Duration.ofNanos(System.nanoTime() - silentStart);
            assertTrue(idle.compareTo(Duration.ofSeconds(3)) > 0 && idle.compareTo(Duration.ofSeconds(12)) < 0,
                "closed after " + idle);
          }
        } finally {
          for (Socket socket : slow) socket.close();
        }
      }
    }, () -> server == null ? "" : server.stderr());
  }

  @Test
  void connectionsBeyondTheCapWaitForOneToClose() {
    assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
      try (HttpServe s = HttpServe.start(tmp, Map.of(), "--max-connections", "3")) {
        server = s;
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) held.add(connect());
        Thread.sleep(500);
        try (Socket waiting = connect()) {
          waiting.setSoTimeout(1500);
          byte[] ping = INITIALIZE.getBytes(StandardCharsets.UTF_8);
          startPost(waiting, ping.length);
          waiting.getOutputStream().write(ping);
          InputStream in = waiting.getInputStream();
          boolean answered;
          try {
            answered = in.read() != -1;
          } catch (SocketTimeoutException e) {
            answered = false;
          }
          assertFalse(answered, "a fourth connection was served while three were open");
          held.remove(0).close();
          waiting.setSoTimeout(10_000);
          String answer = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
          assertEquals("HTTP/1.1 200", answer, "served once a connection closed");
        } finally {
          for (Socket socket : held) socket.close();
        }
      }
    }, () -> server == null ? "" : server.stderr());
  }

  @Test
  void idleSessionsExpireAndActiveOnesStay() {
    assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
      try (HttpServe s = HttpServe.start(tmp, Map.of(), "--session-timeout", "2")) {
        server = s;
        List<String> idle = new ArrayList<>();
        for (int i = 0; i < 300; i++) idle.add(initialize());
        String active = initialize();
        // One session keeps talking all along, a request every quarter of a second.
        List<Integer> activeStatuses = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean talking = new AtomicBoolean(true);
        Thread talker = new Thread(() -> {
          try {
            while (talking.get()) {
              activeStatuses.add(post(active, PING).statusCode());
              Thread.sleep(250);
            }
          } catch (Exception e) {
            activeStatuses.add(-1);
          }
        });
        talker.start();
        Thread.sleep(5_000);
        int expired = 0;
        for (String session : idle) if (post(session, PING).statusCode() == 404) expired++;
        talking.set(false);
        talker.join();
        assertEquals(idle.size(), expired, "idle sessions still answered after more than twice the session timeout");
        assertTrue(activeStatuses.size() > 10 && activeStatuses.stream().allMatch(status -> status == 200),
            () -> "the active session was dropped: " + activeStatuses);
      }
    }, () -> server == null ? "" : server.stderr());
  }

  @Test
  void progressAndCancellationOverHttp() {
    assumeFalse(System.getProperty("os.name", "").toLowerCase().contains("win"), "the fake dart is a shell script");
    assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
      StdioProtocolIT.FakeDart dart = StdioProtocolIT.FakeDart.create(tmp);
      try (HttpServe s = HttpServe.start(tmp, dart.environment())) {
        server = s;
        String session = initialize();
        Path app = tmp.resolve("http_cancel_app");
        List<JsonNode> created = events(post(session, "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"project_create\",\"arguments\":{\"name\":\"http_cancel_app\",\"path\":" + JSON.writeValueAsString(app.toString())
            + "},\"_meta\":{\"progressToken\":\"p10\"}}}"));
        List<Integer> progress = created.stream().filter(e -> e.path("method").asString("").equals("notifications/progress"))
            .map(e -> e.path("params").path("progress").asInt()).toList();
        assertEquals(List.of(3, 4, 5), progress, created::toString);
        JsonNode result = created.get(created.size() - 1);
        assertEquals(10, result.path("id").asInt(), created::toString);
        assertFalse(result.path("result").path("isError").asBoolean(true), result::toString);

        CompletableFuture<HttpResponse<String>> call = http.sendAsync(postRequest(session,
            "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\",\"params\":{\"name\":\"drift_run_codegen\","
                + "\"arguments\":{\"projectId\":\"http_cancel_app\"}}}", Map.of()), HttpResponse.BodyHandlers.ofString());
        dart.awaitStarted();
        HttpResponse<String> cancelled = post(session,
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":11}}");
        assertEquals(202, cancelled.statusCode(), cancelled::body);
        assertEquals(200, post(session, PING).statusCode(), "served while the cancelled call runs");
        dart.release();
        HttpResponse<String> stream = call.get();
        assertTrue(events(stream).stream().noneMatch(e -> e.has("id") && e.path("id").asInt() == 11),
            () -> "a cancelled call was answered: " + stream.body());
      }
    }, () -> server == null ? "" : server.stderr());
  }

  private String initialize() throws Exception {
    HttpResponse<String> response = post(null, INITIALIZE);
    assertEquals(200, response.statusCode(), response::body);
    String session = response.headers().firstValue("Mcp-Session-Id").orElse(null);
    assertNotNull(session, "initialize returned no session");
    return session;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server.base() + path)).timeout(Duration.ofSeconds(60));
  }

  private HttpRequest postRequest(String session, String body, Map<String, String> headers) {
    HttpRequest.Builder builder = request("/mcp")
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) builder.header("Mcp-Session-Id", session);
    headers.forEach(builder::header);
    return builder.build();
  }

  private HttpResponse<String> post(String session, String body) throws Exception {
    return post(session, body, Map.of());
  }

  private HttpResponse<String> post(String session, String body, Map<String, String> headers) throws Exception {
    return http.send(postRequest(session, body, headers), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(HttpRequest.Builder builder) throws Exception {
    return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A refusal: the status, a JSON-RPC error with the code and message, and nothing of our internals. */
  private static void assertRefused(HttpResponse<String> response, int status, String idJson, int code, String message) {
    String body = response.body();
    assertEquals(status, response.statusCode(), body);
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), response.headers()::toString);
    assertTrue(body.length() < 1024, () -> "a " + body.length() + "-byte error body: " + body);
    for (String internal : List.of("stackTrace", "Exception", "io.modelcontextprotocol", "org.eclipse", "<html")) {
      assertFalse(body.contains(internal), () -> "the error body shows " + internal + ": " + body);
    }
    JsonNode error = JSON.readTree(body);
    assertEquals("2.0", error.path("jsonrpc").asString(), body);
    assertEquals(idJson, error.get("id").toString(), body);
    assertEquals(code, error.path("error").path("code").asInt(), body);
    assertTrue(error.path("error").path("message").asString().contains(message), body);
  }

  /** The JSON-RPC messages of a response: the data lines of an SSE stream, or a plain JSON body. */
  private static List<JsonNode> events(HttpResponse<String> response) {
    List<JsonNode> out = new ArrayList<>();
    if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
      out.add(JSON.readTree(response.body()));
      return out;
    }
    response.body().lines().filter(l -> l.startsWith("data:")).forEach(l -> out.add(JSON.readTree(l.substring(5).trim())));
    return out;
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", server.port), 10_000);
    return socket;
  }

  private void startPost(Socket socket, int contentLength) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + server.port + "\r\nContent-Type: application/json\r\n"
        + "Accept: application/json, text/event-stream\r\nContent-Length: " + contentLength + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Sends a space every half second and returns what the server answers, until it closes or {@code max} passes. */
  private static String readWhileDripping(Socket socket, Duration max) throws IOException {
    StringBuilder answer = new StringBuilder();
    long deadline = System.nanoTime() + max.toNanos();
    byte[] buffer = new byte[4096];
    while (System.nanoTime() < deadline) {
      try {
        socket.getOutputStream().write(' ');
      } catch (IOException closed) {
        break;
      }
      try {
        int n = socket.getInputStream().read(buffer);
        if (n < 0) break;
        answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
      } catch (SocketTimeoutException stillWaiting) {
        // keep dripping
      } catch (IOException reset) {
        break;
      }
    }
    return answer.toString();
  }
}
