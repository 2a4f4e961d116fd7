package dev.driftsmith.mcp;

import dev.driftsmith.mcp.JsonRpc.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Checks every request before the SDK's Streamable HTTP servlet sees it: the MCP-Protocol-Version
 * header (the SDK accepts any), the JSON-RPC message in a POST body (read with the same rules as
 * stdio), and a session for everything but initialize. It takes {@code notifications/cancelled}
 * itself and tags each tools/call so a cancellation can find it. Every refusal is a JSON-RPC error.
 */
final class HttpFront extends HttpFilter {
  static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
  static final String SESSION_ID = "Mcp-Session-Id";

  private final List<String> protocolVersions;
  private final InFlightCalls calls;

  HttpFront(List<String> protocolVersions, InFlightCalls calls) {
    this.protocolVersions = List.copyOf(protocolVersions);
    this.calls = calls;
  }

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String version = request.getHeader(PROTOCOL_VERSION);
    if (version != null && !protocolVersions.contains(version)) {
      reply(response, 400, JsonRpc.error(null, ErrorCode.INVALID_REQUEST, PROTOCOL_VERSION + ": '" + version
          + "' is not a protocol version this server speaks; use one of " + protocolVersions));
    } else if (!request.getMethod().equals("POST")) {
      chain.doFilter(request, response);
    } else {
      post(request, response, chain);
    }
  }

  private void post(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    byte[] body;
    try {
      body = request.getInputStream().readAllBytes();
    } catch (IOException e) {
      // The body deadline (or the client) cut the body short.
      reply(response, 408, JsonRpc.error(null, ErrorCode.INVALID_REQUEST,
          "the request body did not arrive in time; send it whole, at once"));
      return;
    }
    Inbound message = Inbound.read(new String(body, StandardCharsets.UTF_8));
    String session = request.getHeader(SESSION_ID);
    if (message instanceof Inbound.Invalid invalid) {
      reply(response, 400, invalid.answer());
    } else if (message instanceof Inbound.Ignored ignored) {
      reply(response, 400, JsonRpc.error(null, ErrorCode.INVALID_REQUEST, "refused " + ignored.reason()));
    } else if (session == null && !isInitialize(message)) {
      JsonNode id = message instanceof Inbound.Request r ? r.id() : null;
      reply(response, 400, JsonRpc.error(id, ErrorCode.NOT_INITIALIZED, SESSION_ID
          + ": missing; send initialize first and pass the " + SESSION_ID + " header of its response"));
    } else if (message instanceof Inbound.Notification n && n.method().equals("notifications/cancelled")) {
      // Handled here: the SDK has no handler for it and would only log a warning.
      calls.cancel(session, n.message().path("params").get("requestId"));
      response.setStatus(202);
    } else if (message instanceof Inbound.Request r) {
      Optional<String> call = calls.open(session, r);
      byte[] tagged = call.isPresent() ? JsonRpc.text(r.message()).getBytes(StandardCharsets.UTF_8) : body;
      try {
        chain.doFilter(new Body(request, tagged), response);
      } finally {
        // The SDK answers a request before its servlet returns, so the call is over by now.
        call.ifPresent(calls::close);
      }
    } else {
      chain.doFilter(new Body(request, body), response);
    }
  }

  private static boolean isInitialize(Inbound message) {
    return message instanceof Inbound.Request r && r.method().equals("initialize");
  }

  static void reply(HttpServletResponse response, int status, JsonNode error) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getOutputStream().write(JsonRpc.text(error).getBytes(StandardCharsets.UTF_8));
  }

  /** The request with its body already read, so the SDK can read it again. */
  private static final class Body extends HttpServletRequestWrapper {
    private final byte[] bytes;

    Body(HttpServletRequest request, byte[] bytes) {
      super(request);
      this.bytes = bytes;
    }

    @Override
    public int getContentLength() {
      return bytes.length;
    }

    @Override
    public long getContentLengthLong() {
      return bytes.length;
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(bytes);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
          return in.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body was read already; it is read synchronously");
        }
      };
    }
  }
}
