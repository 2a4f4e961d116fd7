package dev.driftsmith.syncserver.conformance;

import dev.driftsmith.syncserver.JsonSupport;
import dev.driftsmith.syncserver.SyncProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plain HTTP client of the sync protocol, as a device speaks it: the conformance kit's, the
 * tests' and the load benchmark's. It sends exactly what it is given; nothing is retried.
 */
public final class ProtocolClient {
  /** A server answer: status, JSON body (null when the body is not JSON), and headers. */
  public record Answer(int status, JsonNode body, Map<String, List<String>> headers, String raw) {
    public String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** How a body is sent. */
  public enum Encoding { PLAIN, GZIP, DEFLATE }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final URI base;
  private final String token;

  public ProtocolClient(HttpClient http, URI base, String token) {
    this.http = http;
    this.base = base;
    this.token = token;
  }

  public static HttpClient newHttpClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** The same server, with another user's token (null: none). */
  public ProtocolClient as(String otherToken) {
    return new ProtocolClient(http, base, otherToken);
  }

  public URI base() {
    return base;
  }

  public Answer push(String clientId, List<ObjectNode> operations) throws IOException, InterruptedException {
    ObjectNode body = JsonSupport.MAPPER.createObjectNode().put("clientId", clientId);
    ArrayNode list = body.putArray("operations");
    operations.forEach(list::add);
    return post("push", bytes(body), Encoding.PLAIN, protocolHeader());
  }

  public Answer pull(String clientId, String cursor, int limit) throws IOException, InterruptedException {
    ObjectNode body = JsonSupport.MAPPER.createObjectNode().put("clientId", clientId).put("cursor", cursor).put("limit", limit);
    return post("pull", bytes(body), Encoding.PLAIN, protocolHeader());
  }

  public Answer ping() throws IOException, InterruptedException {
    return get(endpoint("ping"));
  }

  /** GET of a path from the server's root ({@code /health}). */
  public Answer getFromRoot(String path) throws IOException, InterruptedException {
    return get(base.resolve(path));
  }

  /** POST of raw bytes to {@code <base>/endpoint}, with the token and exactly the headers given. */
  public Answer post(String endpoint, byte[] body, Encoding encoding, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint(endpoint)).timeout(TIMEOUT)
        .header("content-type", "application/json");
    if (token != null) request.header("authorization", "Bearer " + token);
    headers.forEach(request::header);
    byte[] sent = switch (encoding) {
      case PLAIN -> body;
      case GZIP -> compress(body, true);
      case DEFLATE -> compress(body, false);
    };
    if (encoding != Encoding.PLAIN) request.header("content-encoding", encoding == Encoding.GZIP ? "gzip" : "deflate");
    return send(request.POST(HttpRequest.BodyPublishers.ofByteArray(sent)).build());
  }

  public static Map<String, String> protocolHeader() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(SyncProtocol.VERSION_HEADER, String.valueOf(SyncProtocol.VERSION));
    return headers;
  }

  public static byte[] bytes(JsonNode json) {
    return JsonSupport.MAPPER.writeValueAsBytes(json);
  }

  private Answer get(URI uri) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
    if (token != null) request.header("authorization", "Bearer " + token);
    return send(request.build());
  }

  private URI endpoint(String name) {
    String path = base.getPath().endsWith("/") ? base.getPath() + name : base.getPath() + "/" + name;
    return base.resolve(path);
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    String raw = new String(response.body(), StandardCharsets.UTF_8);
    JsonNode json;
    try {
      json = raw.isEmpty() ? null : JsonSupport.MAPPER.readTree(raw);
    } catch (JacksonException e) {
      json = null;
    }
    return new Answer(response.statusCode(), json, response.headers().map(), raw);
  }

  private static byte[] compress(byte[] body, boolean gzip) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var zip = gzip ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
      zip.write(body);
    }
    return out.toByteArray();
  }
}
