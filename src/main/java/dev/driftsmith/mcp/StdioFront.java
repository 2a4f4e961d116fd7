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
 * It answers the first {@code initialize} and {@code tools/list} itself as well, as the SDK would,
 * so that the start of a session waits for none of what the SDK's side builds ({@link Backend}).
 */
final class StdioFront {
  /** The largest message we read; a longer line is skipped and answered with an error. */
  static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
  /**
   * The longest message passed on to the SDK before its backend is started; the pipe to the SDK
   * holds {@link Servers#PIPE_BYTES}, and at most two such messages wait in it.
   */
  static final int PASSED_UNREAD = 64 * 1024;
  /** Every stdio call is in the one session of this process. */
  static final String SESSION = "stdio";

  /** Where the handshake is: the SDK serves requests only after notifications/initialized. */
  private enum Handshake { NOT_STARTED, INITIALIZE_SENT, DONE }

  /**
   * The SDK's side of the session: its server, its JSON mapper and our tools, built on other
   * threads once started. The front starts them only when it has answered what it can answer
   * alone (the first {@code initialize}, a plain {@code tools/list}) and would otherwise wait for
   * the client, or when a message needs them: on two cores, building them while the first answers
   * are written delayed those answers by as much again.
   */
  interface Backend {
    /** Starts building the SDK's server and the tools, once; later calls do nothing. */
    void start();

    /** The calls of our tools; starts the backend and blocks until the tools are in the SDK's server. */
    InFlightCalls calls();

    /** A backend already built, whose tools' calls are {@code calls} (for tests). */
    static Backend of(Supplier<InFlightCalls> calls) {
      return new Backend() {
        @Override
        public void start() {
          // Nothing to build.
        }

        @Override
        public InFlightCalls calls() {
          return calls.get();
        }
      };
    }
  }

  private final BoundedLines lines;
  private final OutputStream sdk;
  private final PrintStream client;
  private final PrintStream log;
  private final Backend backend;
  private final ToolsListAnswer toolsList;
  private Handshake handshake = Handshake.NOT_STARTED;

  /**
   * @param client the protocol stream the SDK writes to as well; both lock it for every message,
   *     as the SDK does, so lines never interleave
   * @param backend asked for its calls at the first request after the handshake and not before:
   *     until then the tools may still be being built, and the SDK needs none of them for the handshake
   * @param toolsList the answer to {@code tools/list} the build made, served here without the SDK
   */
  StdioFront(InputStream stdin, OutputStream sdk, PrintStream client, PrintStream log, Backend backend,
             ToolsListAnswer toolsList) {
    this.lines = new BoundedLines(stdin, MAX_MESSAGE_BYTES);
    this.sdk = sdk;
    this.client = client;
    this.log = log;
    this.backend = backend;
    this.toolsList = toolsList;
  }

  /** Reads stdin to its end, then closes the SDK's input. */
  void run() throws IOException {
    try (sdk) {
      while (true) {
        if (handshake == Handshake.DONE && lines.wouldBlock()) backend.start();
        BoundedLines.Line line = lines.next();
        if (line == null) break;
        if (line.tooLong()) {
          answer(JsonRpc.error(null, ErrorCode.INVALID_REQUEST, "the message is " + line.bytes()
              + " bytes, more than the " + MAX_MESSAGE_BYTES + " (16 MiB) a message may have; it was skipped"));
        } else if (!line.text().isBlank()) {
          handle(line.text());
        }
      }
    }
  }

  /** One line: a plain message the front answers or passes on as it is, else through {@link Inbound}. */
  void handle(String line) throws IOException {
    PlainMessage plain = PlainMessage.read(line);
    if (plain == null || !handledPlainly(plain, line)) handle(Inbound.read(line));
  }

  /**
   * The three messages that open every session, handled without Jackson's object mapper: the first
   * initialize (answered here, passed on under an id of ours), the initialized notification, and
   * tools/list (answered here). False for any other message, which takes the full path.
   */
  private boolean handledPlainly(PlainMessage message, String line) throws IOException {
    String method = message.method();
    if (message.isRequest() && method.equals("initialize") && handshake == Handshake.NOT_STARTED
        && message.initialize() != null) {
      handshake = Handshake.INITIALIZE_SENT;
      answer(EarlyInitialize.answer(message.id(), message.initialize().protocolVersion()));
      pass(message.withId(line, EarlyInitialize.FORWARDED_ID_JSON));
      return true;
    }
    if (!message.isRequest() && method.equals("notifications/initialized") && handshake != Handshake.NOT_STARTED) {
      handshake = Handshake.DONE;
      pass(line);
      return true;
    }
    if (message.isRequest() && method.equals("tools/list") && handshake == Handshake.DONE) {
      String answer = toolsList.answer(message.id());
      if (answer != null) answer(answer);
      return answer != null;
    }
    return false;
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
    } else if (method.equals("initialize")) {
      // Not plain, or not the first: the SDK answers it, as it would have without the front.
      if (handshake == Handshake.NOT_STARTED) handshake = Handshake.INITIALIZE_SENT;
      forward(request.message());
    } else if (handshake == Handshake.NOT_STARTED) {
      answer(JsonRpc.error(request.id(), ErrorCode.NOT_INITIALIZED,
          "server not initialized: send initialize before '" + method + "'"));
    } else if (handshake == Handshake.INITIALIZE_SENT) {
      answer(JsonRpc.error(request.id(), ErrorCode.NOT_INITIALIZED,
          "server not initialized: send the notifications/initialized notification before '" + method + "'"));
    } else {
      backend.calls().open(SESSION, request);
      forward(request.message());
    }
  }

  private void notification(Inbound.Notification notification) throws IOException {
    String method = notification.method();
    if (method.equals("notifications/cancelled")) {
      // Handled here: the SDK has no handler for it and would only log a warning.
      backend.calls().cancel(SESSION, notification.message().path("params").get("requestId"));
    } else if (handshake == Handshake.NOT_STARTED) {
      note("ignored the notification '" + method + "' sent before initialize");
    } else {
      if (method.equals("notifications/initialized")) handshake = Handshake.DONE;
      forward(notification.message());
    }
  }

  /** Passes a message on to the SDK, which may have to answer it: the backend is started first. */
  private void forward(ObjectNode message) throws IOException {
    backend.start();
    pass(JsonRpc.text(message));
  }

  /**
   * Passes a message on to the SDK without starting the backend: for the messages of the handshake
   * that the front has answered, which the SDK reads whenever it is built. Until then nothing reads
   * the pipe to the SDK, and a write that does not fit would wait for good; so a message longer
   * than {@link #PASSED_UNREAD} starts the backend first (the two the front passes this way fit the
   * pipe many times over).
   */
  private void pass(String message) throws IOException {
    byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
    if (bytes.length > PASSED_UNREAD) backend.start();
    sdk.write(bytes);
    sdk.flush();
  }

  private void answer(JsonNode response) {
    answer(JsonRpc.text(response));
  }

  private void answer(String response) {
    byte[] line = (response + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (client) {
      client.write(line, 0, line.length);
      client.flush();
    }
  }

  private void note(String text) {
    log.println("driftsmith: " + text);
  }
}
