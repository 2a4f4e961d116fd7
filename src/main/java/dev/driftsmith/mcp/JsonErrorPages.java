package dev.driftsmith.mcp;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages as JSON-RPC errors without id, whatever the client accepts: HTML pages (with
 * stack traces, in the servlet flavour) mean nothing to an MCP client and show our internals.
 * Jetty has one error handler for the server (a bad request line, a body over the size limit) and
 * one for the servlet context (the SDK's {@code sendError}); both are replaced.
 */
final class JsonErrorPages {
  private JsonErrorPages() {}

  /** For errors raised before a request reaches the servlet context. */
  static final class Server extends org.eclipse.jetty.server.handler.ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
      if (!generateAcceptableResponse(request, response, callback, "application/json", List.of(StandardCharsets.UTF_8),
          code, message, cause)) {
        callback.succeeded();
      }
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
      writeJsonRpc(writer, code, message);
    }
  }

  /** For the SDK servlet's {@code sendError} calls (unknown session, foreign Origin or Host, ...). */
  static final class Servlet extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
    Servlet() {
      setShowStacks(false);
      setShowCauses(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
      if (!generateAcceptableResponse(request, response, callback, "application/json", List.of(StandardCharsets.UTF_8),
          code, message, cause)) {
        callback.succeeded();
      }
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
      writeJsonRpc(writer, code, message);
    }
  }

  /** Server errors say only their status: their message may carry exception text. */
  private static void writeJsonRpc(PrintWriter writer, int code, String message) {
    String text = code >= 500 || message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    var error = JsonRpc.error(null, JsonRpc.ErrorCode.forHttpStatus(code), "HTTP " + code + ": " + text);
    writer.write(JsonRpc.text(error));
  }
}
