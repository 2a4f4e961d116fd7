package dev.driftsmith.mcp;

import dev.driftsmith.mcp.JsonRpc.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stands between stdin and the SDK's stdio transport, which stops reading for good at the first
 * message it cannot parse, waits in silence on any request sent before the handshake, and ignores
 * cancellations. The front answers malformed messages itself as JSON-RPC says, answers early
 * requests with an error, takes {@code notifications/cancelled}, and passes every valid message on.
 */
final class StdioFront {
  /** The largest message we read; a longer line is skipped and answered with an error. */
  static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
  /** Every stdio call is in the one session of this process. */
  static final String SESSION = "stdio";

  /** Where the handshake is: the SDK serves requests only after notifications/initialized. */
  private enum Handshake { NOT_STARTED, INITIALIZE_SENT, DONE }

  private final BoundedLines lines;
  private final OutputStream sdk;
  private final PrintStream client;
  private final PrintStream log;
  /** The calls of our tools; blocks until the tools are in the SDK's server. */
  private final Supplier<InFlightCalls> calls;
  private Handshake handshake = Handshake.NOT_STARTED;

  /**
   * @param client the protocol stream the SDK writes to as well; both lock it for every message,
   *     as the SDK does, so lines never interleave
   * @param calls asked for at the first request after the handshake and not before: until then the
   *     tools may still be being built, and the SDK needs none of them for the handshake
   */
  StdioFront(InputStream stdin, OutputStream sdk, PrintStream client, PrintStream log, Supplier<InFlightCalls> calls) {
    this.lines = new BoundedLines(stdin, MAX_MESSAGE_BYTES);
    this.sdk = sdk;
    this.client = client;
    this.log = log;
    this.calls = calls;
  }

  /** Reads stdin to its end, then closes the SDK's input. */
  void run() throws IOException {
    try (sdk) {
      for (BoundedLines.Line line; (line = lines.next()) != null; ) {
        if (line.tooLong()) {
          answer(JsonRpc.error(null, ErrorCode.INVALID_REQUEST, "the message is " + line.bytes()
              + " bytes, more than the " + MAX_MESSAGE_BYTES + " (16 MiB) a message may have; it was skipped"));
        } else if (!line.text().isBlank()) {
          handle(Inbound.read(line.text()));
        }
      }
    }
  }

  void handle(Inbound message) throws IOException {
    if (message instanceof Inbound.Invalid invalid) {
      answer(invalid.answer());
    } else if (message instanceof Inbound.Ignored ignored) {
      note("ignored " + ignored.reason() + " (JSON-RPC allows no answer to it)");
    } else if (message instanceof Inbound.Request request) {
      request(request);
    } else if (message instanceof Inbound.Notification notification) {
      notification(notification);
    } else if (message instanceof Inbound.Response response) {
      if (handshake == Handshake.DONE) forward(response.message());
      else note("ignored a response sent before the handshake; the server asked nothing yet");
    }
  }

  private void request(Inbound.Request request) throws IOException {
    String method = request.method();
    if (handshake != Handshake.DONE && method.equals("ping")) {
      // Pings are allowed at any time, but the SDK answers nothing before the handshake is done.
      answer(JsonRpc.emptyResult(request.id()));
    } else if (method.equals("initialize") && handshake == Handshake.NOT_STARTED) {
      handshake = Handshake.INITIALIZE_SENT;
      initialize(request);
    } else if (method.equals("initialize")) {
      forward(request.message());
    } else if (handshake == Handshake.NOT_STARTED) {
      answer(JsonRpc.error(request.id(), ErrorCode.NOT_INITIALIZED,
          "server not initialized: send initialize before '" + method + "'"));
    } else if (handshake == Handshake.INITIALIZE_SENT) {
      answer(JsonRpc.error(request.id(), ErrorCode.NOT_INITIALIZED,
          "server not initialized: send the notifications/initialized notification before '" + method + "'"));
    } else {
      calls.get().open(SESSION, request);
      forward(request.message());
    }
  }

  /** Answers the first initialize at once when it can (see {@link EarlyInitialize}); the SDK gets it either way. */
  private void initialize(Inbound.Request request) throws IOException {
    ObjectNode early = EarlyInitialize.answer(request);
    if (early == null) {
      forward(request.message());
      return;
    }
    answer(early);
    forward(EarlyInitialize.forwarded(request));
  }

  private void notification(Inbound.Notification notification) throws IOException {
    String method = notification.method();
    if (method.equals("notifications/cancelled")) {
      // Handled here: the SDK has no handler for it and would only log a warning.
      calls.get().cancel(SESSION, notification.message().path("params").get("requestId"));
    } else if (handshake == Handshake.NOT_STARTED) {
      note("ignored the notification '" + method + "' sent before initialize");
    } else {
      if (method.equals("notifications/initialized")) handshake = Handshake.DONE;
      forward(notification.message());
    }
  }

  private void forward(ObjectNode message) throws IOException {
    sdk.write((JsonRpc.text(message) + "\n").getBytes(StandardCharsets.UTF_8));
    sdk.flush();
  }

  private void answer(JsonNode response) {
    byte[] line = (JsonRpc.text(response) + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (client) {
      client.write(line, 0, line.length);
      client.flush();
    }
  }

  private void note(String text) {
    log.println("driftsmith: " + text);
  }
}
