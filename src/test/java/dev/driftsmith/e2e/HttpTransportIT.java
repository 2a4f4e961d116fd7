package dev.driftsmith.e2e;

import static dev.driftsmith.e2e.E2e.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --http}: the SDK's Streamable HTTP client against {@code /mcp}, and DNS-rebinding
 * protection (403 for a foreign Origin or Host header, with same-site controls that pass).
 */
class HttpTransportIT {
  private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1.0\"}}}";

  @TempDir
  Path tmp;

  private HttpServe server;
  private McpSyncClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      try {
        client.close();
      } catch (RuntimeException ignored) {
        // already closed
      }
    }
    if (server != null) server.close();
  }

  @Test
  void streamableHttpWithRebindingProtection() {
    assertTimeoutPreemptively(Duration.ofMinutes(3), this::session, () -> "HTTP session hung; " + stderrText());
  }

  private void session() throws Exception {
    server = HttpServe.start(tmp, Map.of());
    int port = server.port;

    // The SDK client over Streamable HTTP.
    String base = "http://127.0.0.1:" + port;
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base)
        .endpoint("/mcp")
        .connectTimeout(Duration.ofSeconds(10))
        .build();
    client = McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(60))
        .initializationTimeout(Duration.ofSeconds(60))
        .build();
    McpSchema.InitializeResult init = client.initialize();
    assertEquals("driftsmith", init.serverInfo().name());
    List<McpSchema.Tool> tools = client.listTools().tools();
    assertFalse(tools.isEmpty(), "tools/list is empty");
    assertTrue(tools.stream().anyMatch(t -> t.name().equals("project_create")), () -> "tools: " + tools);

    McpSchema.CallToolResult empty = client.callTool(new McpSchema.CallToolRequest("project_list", Map.of()));
    assertNotEquals(Boolean.TRUE, empty.isError(), () -> text(empty));
    Path app = tmp.resolve("http_app");
    McpSchema.CallToolResult created = client.callTool(new McpSchema.CallToolRequest("project_create",
        Map.of("name", "http_app", "path", app.toString())));
    assertNotEquals(Boolean.TRUE, created.isError(), () -> text(created));
    assertTrue(Files.isRegularFile(app.resolve("driftsmith.yaml")));
    McpSchema.CallToolResult listed = client.callTool(new McpSchema.CallToolRequest("project_list", Map.of()));
    assertNotEquals(Boolean.TRUE, listed.isError(), () -> text(listed));
    assertContains(text(listed), "http_app");
    assertContains(String.valueOf(listed.structuredContent()), app.toString());
    assertTrue(client.closeGracefully());
    client = null;

    // Origin: a foreign site is refused; the server's own origin is not.
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> evilOrigin = http.send(initializeRequest(base, "http://evil.example"),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(403, evilOrigin.statusCode(), () -> "foreign Origin: " + evilOrigin.statusCode() + " " + evilOrigin.body());
    HttpResponse<String> ownOrigin = http.send(initializeRequest(base, base), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ownOrigin.statusCode(), () -> "own Origin: " + ownOrigin.statusCode() + " " + ownOrigin.body());

    // Host: HttpClient cannot set it, so speak HTTP/1.1 over a socket. The README promises 403; the SDK's
    // DefaultServerTransportSecurityValidator answers 421 Misdirected Request for a foreign Host. Either
    // refuses the request before MCP sees it, which is what DNS-rebinding protection needs.
    for (String foreign : List.of("evil.example", "evil.example:" + port)) {
      RawResponse response = rawPost(port, foreign);
      assertTrue(response.status() == 403 || response.status() == 421,
          () -> "foreign Host " + foreign + " must be refused:\n" + response.text());
      assertFalse(response.text().contains("serverInfo"), () -> "foreign Host reached MCP:\n" + response.text());
      assertFalse(response.text().toLowerCase(java.util.Locale.ROOT).contains("mcp-session-id"),
          () -> "foreign Host got a session:\n" + response.text());
    }
    for (String own : List.of("127.0.0.1:" + port, "localhost:" + port)) {
      RawResponse response = rawPost(port, own);
      assertEquals(200, response.status(), () -> "Host " + own + ":\n" + response.text());
      assertContains(response.text(), "\"serverInfo\"");
    }

    assertTrue(server.process.isAlive(), () -> "server died; " + stderrText());
    assertFalse(Files.readString(tmp.resolve("server-stdout-" + port + ".txt")).contains("Exception"), "stdout of the HTTP server");
  }

  private static HttpRequest initializeRequest(String base, String origin) {
    return HttpRequest.newBuilder(URI.create(base + "/mcp"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .header("Origin", origin)
        .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE))
        .build();
  }

  record RawResponse(int status, String text) {}

  /** POSTs an initialize request with the given Host header over a plain socket; returns the whole response. */
  private static RawResponse rawPost(int port, String host) throws IOException {
    byte[] body = INITIALIZE.getBytes(StandardCharsets.UTF_8);
    String head = "POST /mcp HTTP/1.1\r\n"
        + "Host: " + host + "\r\n"
        + "Content-Type: application/json\r\n"
        + "Accept: application/json, text/event-stream\r\n"
        + "Content-Length: " + body.length + "\r\n"
        + "Connection: close\r\n\r\n";
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      String status = text.lines().findFirst().orElse("");
      if (!status.startsWith("HTTP/1.1 ")) fail("no HTTP status line for Host " + host + ":\n" + text);
      return new RawResponse(Integer.parseInt(status.split(" ")[1]), text);
    }
  }

  private String stderrText() {
    return server == null ? "(no server)" : server.stderr();
  }

  private static String text(McpSchema.CallToolResult result) {
    StringBuilder sb = new StringBuilder();
    for (McpSchema.Content c : result.content()) {
      if (c instanceof McpSchema.TextContent t) sb.append(t.text());
    }
    return sb.toString();
  }
}
