package dev.driftsmith.syncserver.http;

import dev.driftsmith.syncserver.Caller;
import dev.driftsmith.syncserver.JsonLog;
import dev.driftsmith.syncserver.JsonSupport;
import dev.driftsmith.syncserver.ServerLimits;
import dev.driftsmith.syncserver.SyncProtocol;
import dev.driftsmith.syncserver.auth.Authenticator;
import dev.driftsmith.syncserver.store.PullPage;
import dev.driftsmith.syncserver.store.PushResult;
import dev.driftsmith.syncserver.store.Status;
import dev.driftsmith.syncserver.store.StoreUnavailableException;
import dev.driftsmith.syncserver.store.SyncStore;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sync protocol over HTTP: {@code <base>/push}, {@code <base>/pull}, {@code <base>/ping}, and
 * {@code /health}. Every answer is JSON, errors included, and every request is one log line.
 */
public final class SyncHandler extends Handler.Abstract {
  private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
  /** What a browser app (the PWA every project has) sends, so preflights must allow it. */
  private static final String ALLOWED_HEADERS = "authorization, content-type, content-encoding, "
      + SyncProtocol.VERSION_HEADER + ", " + SyncProtocol.REQUEST_ID_HEADER;

  private final SyncStore store;
  private final Authenticator auth;
  private final ServerLimits limits;
  private final String basePath;
  private final Set<String> allowedOrigins;
  private final JsonLog log;

  public SyncHandler(SyncStore store, Authenticator auth, ServerLimits limits, String basePath,
                     Set<String> allowedOrigins, JsonLog log) {
    this.store = store;
    this.auth = auth;
    this.limits = limits;
    this.basePath = basePath;
    this.allowedOrigins = Set.copyOf(allowedOrigins);
    this.log = log;
  }

  /** One request's state: what it answers and what its log line says. */
  private final class Exchange {
    final Request request;
    final ObjectNode line = log.event("info", "request");
    Caller caller;
    boolean bodyRead;

    Exchange(Request request) {
      this.request = request;
    }
  }

  /** What a route answers. */
  private record Reply(int status, ObjectNode body) {}

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    Exchange ex = new Exchange(request);
    String requestId = requestId(request);
    ex.line.put("requestId", requestId);
    ex.line.put("method", request.getMethod());
    ex.line.put("path", Request.getPathInContext(request));
    response.getHeaders().put(SyncProtocol.REQUEST_ID_HEADER, requestId);
    response.getHeaders().put(SyncProtocol.VERSION_HEADER, String.valueOf(SyncProtocol.VERSION));
    cors(request, response);
    Reply reply;
    try {
      reply = route(ex);
    } catch (HttpError e) {
      reply = error(e.status, e.getMessage());
      if (e.status == 401) response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"driftsmith-sync\"");
      if (e.status == 405) response.getHeaders().put(HttpHeader.ALLOW, allowed(Request.getPathInContext(request)));
    } catch (StoreUnavailableException e) {
      ex.line.put("level", "warn");
      ex.line.put("cause", e.getMessage());
      reply = error(503, "the database is unavailable right now; send the request again later");
    } catch (Exception e) {
      // Never a stack trace to the client: the message and class go to the log, found by request id.
      ex.line.put("level", "error");
      ex.line.put("cause", e.getClass().getName() + ": " + e.getMessage());
      reply = error(500, "internal error; the server log has it under request id " + requestId);
    }
    if (ex.caller != null) ex.line.put("user", ex.caller.user());
    ex.line.put("status", reply.status());
    ex.line.put("ms", (System.nanoTime() - start) / 100_000 / 10.0);
    if (reply.status() >= 400 && reply.body().has("error")) ex.line.put("error", reply.body().get("error").stringValue());
    log.write(ex.line);
    if (!ex.bodyRead) Bodies.discard(request, limits.maxRequestBytes());
    send(response, callback, reply);
    return true;
  }

  private Reply route(Exchange ex) throws Exception {
    String path = Request.getPathInContext(ex.request);
    String method = ex.request.getMethod();
    if (method.equals("OPTIONS")) return new Reply(204, null);
    if (path.equals("/health")) {
      expect(method, "GET");
      return health();
    }
    String endpoint = path.startsWith(basePath + "/") ? path.substring(basePath.length()) : "";
    switch (endpoint) {
      case "/push" -> {
        expect(method, "POST");
        return push(ex);
      }
      case "/pull" -> {
        expect(method, "POST");
        return pull(ex);
      }
      case "/ping" -> {
        expect(method, "GET");
        ex.caller = authenticate(ex.request);
        ObjectNode body = JsonSupport.MAPPER.createObjectNode().put("ok", true).put("protocol", SyncProtocol.VERSION);
        return new Reply(200, body);
      }
      default -> throw new HttpError(404, "path: " + path + " is not an endpoint of this server; it serves "
          + basePath + "/push, " + basePath + "/pull, " + basePath + "/ping and /health");
    }
  }

  private Reply push(Exchange ex) throws Exception {
    ex.caller = authenticate(ex.request);
    requireProtocol(ex.request);
    WireFormat.PushRequest request = WireFormat.push(body(ex), limits);
    List<PushResult> results = store.push(ex.caller, request.items());
    ex.line.put("operations", results.size());
    for (Status status : Status.values()) {
      long n = results.stream().filter(r -> r.status() == status).count();
      if (n > 0) ex.line.put(status.wire(), n);
    }
    return new Reply(200, WireFormat.pushResponse(results));
  }

  private Reply pull(Exchange ex) throws Exception {
    ex.caller = authenticate(ex.request);
    requireProtocol(ex.request);
    WireFormat.PullRequest request = WireFormat.pull(body(ex), limits);
    PullPage page = store.pull(ex.caller, request.after(), request.limit());
    ex.line.put("changes", page.changes().size());
    ex.line.put("hasMore", page.hasMore());
    return new Reply(200, WireFormat.pullResponse(page));
  }

  private byte[] body(Exchange ex) throws HttpError, java.io.IOException {
    // Marked read before reading: a body over the limit has been read as far as it will be.
    ex.bodyRead = true;
    return Bodies.read(ex.request, limits.maxRequestBytes());
  }

  private Reply health() {
    ObjectNode body = JsonSupport.MAPPER.createObjectNode().put("storage", store.engine()).put("protocol", SyncProtocol.VERSION);
    try {
      store.check();
      return new Reply(200, body.put("status", "ok"));
    } catch (StoreUnavailableException e) {
      return new Reply(503, body.put("status", "unavailable").put("error", "the database does not answer"));
    }
  }

  private Caller authenticate(Request request) throws HttpError {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (header == null) throw new HttpError(401, "authorization: missing; send the header `authorization: Bearer <token>`");
    if (header.length() < 7 || !header.substring(0, 7).equalsIgnoreCase("Bearer ")) {
      throw new HttpError(401, "authorization: not a bearer token; send `authorization: Bearer <token>`");
    }
    Optional<Caller> caller = auth.authenticate(header.substring(7).strip());
    return caller.orElseThrow(() -> new HttpError(401, "authorization: the token is unknown, expired or not valid; get a new one"));
  }

  private static void requireProtocol(Request request) throws HttpError {
    String version = request.getHeaders().get(SyncProtocol.VERSION_HEADER);
    if (String.valueOf(SyncProtocol.VERSION).equals(version == null ? null : version.strip())) return;
    throw new HttpError(SyncProtocol.UPGRADE_REQUIRED, SyncProtocol.VERSION_HEADER + ": "
        + (version == null ? "missing, so this is a protocol 1 client" : "'" + version + "' is not a version this server speaks")
        + "; this server speaks sync protocol " + SyncProtocol.VERSION
        + ". Regenerate the app's sync code with the current Driftsmith; what the app has queued stays queued and is sent then");
  }

  private static void expect(String method, String allowed) throws HttpError {
    if (!method.equals(allowed) && !(allowed.equals("GET") && method.equals("HEAD"))) {
      throw new HttpError(405, "method: " + method + " is not allowed here; use " + allowed);
    }
  }

  private String allowed(String path) {
    return path.endsWith("/push") || path.endsWith("/pull") ? "POST, OPTIONS" : "GET, HEAD, OPTIONS";
  }

  private void cors(Request request, Response response) {
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin == null || !(allowedOrigins.contains(origin) || allowedOrigins.contains("*"))) return;
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    response.getHeaders().put(HttpHeader.VARY, "Origin");
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, SyncProtocol.REQUEST_ID_HEADER + ", " + SyncProtocol.VERSION_HEADER);
    response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
  }

  /** The client's request id when it sent a sane one, so both logs share it; else a new one. */
  private static String requestId(Request request) {
    String given = request.getHeaders().get(SyncProtocol.REQUEST_ID_HEADER);
    return given != null && SAFE_REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
  }

  private static Reply error(int status, String message) {
    return new Reply(status, JsonSupport.MAPPER.createObjectNode().put("status", status).put("error", message));
  }

  private static void send(Response response, Callback callback, Reply reply) {
    response.setStatus(reply.status());
    if (reply.body() == null) {
      callback.succeeded();
      return;
    }
    byte[] bytes = JsonSupport.MAPPER.writeValueAsBytes(reply.body());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }
}
