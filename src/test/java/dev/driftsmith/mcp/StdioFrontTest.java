package dev.driftsmith.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.Args;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The stdio front on its own: what it answers, what it passes to the SDK, and what it keeps back. */
class StdioFrontTest {
  private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}";
  private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
  private static final String PLAIN_INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
      + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}}";

  private final ByteArrayOutputStream sdk = new ByteArrayOutputStream();
  private final ByteArrayOutputStream client = new ByteArrayOutputStream();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final InFlightCalls calls = new InFlightCalls(Set.of("project_list"));

  @Test
  void beforeTheHandshakeOnlyPingAndInitializePass() throws IOException {
    run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"initialize\",\"params\":{}}",
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}",
        INITIALIZED,
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}");
    List<JsonNode> answers = lines(client);
    assertEquals(3, answers.size(), answers::toString);
    assertEquals(-32002, answers.get(0).path("error").path("code").asInt());
    assertEquals(1, answers.get(0).path("id").asInt());
    assertTrue(answers.get(0).path("error").path("message").asString().contains("send initialize before 'tools/list'"));
    assertEquals(2, answers.get(1).path("id").asInt());
    assertTrue(answers.get(1).path("result").isObject(), "ping is answered before the handshake");
    assertEquals(4, answers.get(2).path("id").asInt());
    assertTrue(answers.get(2).path("error").path("message").asString().contains("notifications/initialized"));
    List<String> forwarded = lines(sdk).stream().map(m -> m.path("method").asString() + "#" + m.path("id").asString()).toList();
    assertEquals(List.of("initialize#3", "notifications/initialized#", "tools/list#5"), forwarded,
        "the early notification and requests never reach the SDK");
    assertTrue(text(log).contains("ignored the notification 'notifications/initialized' sent before initialize"), text(log));
  }

  @Test
  void malformedLinesAreAnsweredAndTheNextOneStillPasses() throws IOException {
    run(INITIALIZE, INITIALIZED, "not json", "[]", "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1,\"message\":\"x\"}}", "",
        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}");
    List<JsonNode> answers = lines(client);
    assertEquals(List.of(-32700, -32600), answers.stream().map(a -> a.path("error").path("code").asInt()).toList());
    assertTrue(answers.stream().allMatch(a -> a.get("id").isNull()));
    assertEquals("ping", lines(sdk).get(2).path("method").asString());
    assertTrue(text(log).contains("ignored a response: id: must be a string or an integer, not missing"), text(log));
  }

  @Test
  void theFirstInitializeIsAnsweredHereBeforeTheToolsExistAndPassedOnUnderItsOwnId() throws IOException {
    byte[] bytes = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}}\n" + INITIALIZED + "\n")
        .getBytes(StandardCharsets.UTF_8);
    new StdioFront(new ByteArrayInputStream(bytes), sdk, new PrintStream(client, true, StandardCharsets.UTF_8),
        new PrintStream(log, true, StandardCharsets.UTF_8), StdioFront.Backend.of(() -> {
          throw new AssertionError("the handshake needs no tools");
        }), ToolsListAnswer.of(null)).run();
    List<JsonNode> answers = lines(client);
    assertEquals(1, answers.size(), answers::toString);
    assertEquals(1, answers.get(0).path("id").asInt());
    assertEquals("driftsmith", answers.get(0).path("result").path("serverInfo").path("name").asString());
    List<JsonNode> forwarded = lines(sdk);
    assertEquals(EarlyInitialize.FORWARDED_ID, forwarded.get(0).path("id").asString(), "the SDK answers to an id of ours");
    assertEquals("2025-06-18", forwarded.get(0).path("params").path("protocolVersion").asString());
    assertEquals("notifications/initialized", forwarded.get(1).path("method").asString());
  }

  @Test
  void initializeAndToolsListAreAnsweredHereAndOnlyThenIsTheBackendStarted() throws IOException {
    List<String> clientLinesAtStart = new ArrayList<>();
    StdioFront.Backend backend = recording(() -> clientLinesAtStart.add(text(client)), () -> {
      throw new AssertionError("the first answers need no tools");
    });
    byte[] bytes = (PLAIN_INITIALIZE + "\n" + INITIALIZED + "\n{\"jsonrpc\":\"2.0\",\"id\":\"l\",\"method\":\"tools/list\"}\n")
        .getBytes(StandardCharsets.UTF_8);
    new StdioFront(new ByteArrayInputStream(bytes), sdk, new PrintStream(client, true, StandardCharsets.UTF_8),
        new PrintStream(log, true, StandardCharsets.UTF_8), backend, ToolsListAnswer.of("{\"tools\":[]}")).run();
    assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":\"l\",\"result\":{\"tools\":[]}}"),
        text(client).lines().skip(1).toList(), "tools/list answered with the stored result under its id");
    assertEquals(1, clientLinesAtStart.size(), "started once, when the front would wait for the client");
    assertEquals(text(client), clientLinesAtStart.get(0), "started after both answers were written");
    assertEquals(List.of("initialize", "notifications/initialized"),
        lines(sdk).stream().map(m -> m.path("method").asString()).toList(), "tools/list does not reach the SDK");
  }

  @Test
  void aLongInitializeStartsTheBackendBeforeItIsPassedOn() throws IOException {
    // Nothing reads the pipe to the SDK before the backend is started: a long message written
    // into it first would wait for good.
    List<Integer> passedAtStart = new ArrayList<>();
    StdioFront.Backend backend = recording(() -> passedAtStart.add(sdk.size()), () -> calls);
    String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
        + "\"clientInfo\":{\"name\":\"" + "c".repeat(StdioFront.PASSED_UNREAD) + "\",\"version\":\"1\"}}}";
    new StdioFront(new ByteArrayInputStream((initialize + "\n").getBytes(StandardCharsets.UTF_8)), sdk,
        new PrintStream(client, true, StandardCharsets.UTF_8), new PrintStream(log, true, StandardCharsets.UTF_8),
        backend, ToolsListAnswer.of(null)).run();
    assertEquals(1, lines(client).size(), "initialize is answered here all the same");
    assertEquals(List.of(0), passedAtStart, "started before anything was passed on");
  }

  @Test
  void aToolsListThatIsNotPlainOrWithoutAStoredAnswerGoesToTheSdk() throws IOException {
    String extraMember = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"x\":1}";
    run(ToolsListAnswer.of("{\"tools\":[]}"), PLAIN_INITIALIZE, INITIALIZED, extraMember);
    run(ToolsListAnswer.of(null), PLAIN_INITIALIZE, INITIALIZED, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");
    List<JsonNode> forwarded = lines(sdk);
    assertEquals(List.of(2, 3), forwarded.stream().filter(m -> m.path("method").asString().equals("tools/list"))
        .map(m -> m.path("id").asInt()).toList());
    assertEquals(List.of(1, 1), lines(client).stream().map(a -> a.path("id").asInt()).toList(),
        "only the two initialize requests are answered here: " + lines(client));
  }

  @Test
  void anInitializeThatIsNotPlainIsTheSdksToAnswer() throws IOException {
    run("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"},\"x\":1}",
        INITIALIZED, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\"}");
    assertTrue(lines(client).isEmpty(), "nothing answered here: " + lines(client));
    List<JsonNode> forwarded = lines(sdk);
    assertEquals(5, forwarded.get(0).path("id").asInt(), "under the client's own id");
    assertEquals(List.of("initialize", "notifications/initialized", "ping"),
        forwarded.stream().map(m -> m.path("method").asString()).toList());
  }

  @Test
  void aLineOverSixteenMebibytesIsAnsweredWithoutBeingRead() throws IOException {
    String huge = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\",\"params\":{\"x\":\""
        + "a".repeat(StdioFront.MAX_MESSAGE_BYTES) + "\"}}";
    run(INITIALIZE, INITIALIZED, huge, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
    JsonNode answer = lines(client).get(0);
    assertEquals(-32600, answer.path("error").path("code").asInt());
    assertTrue(answer.get("id").isNull());
    assertTrue(answer.path("error").path("message").asString().contains("more than the 16777216 (16 MiB)"), answer::toString);
    assertEquals(3, lines(sdk).get(2).path("id").asInt(), "the next message still passes");
  }

  @Test
  void toolCallsAreTaggedAndCancellationsTakenHere() throws IOException {
    run(INITIALIZE, INITIALIZED,
        "{\"jsonrpc\":\"2.0\",\"id\":\"c1\",\"method\":\"tools/call\",\"params\":{\"name\":\"project_list\","
            + "\"_meta\":{\"dev.driftsmith/call\":\"forged\",\"progressToken\":7}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"c2\",\"method\":\"tools/call\",\"params\":{\"name\":\"no_such_tool\"}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"c1\"}}");
    List<JsonNode> forwarded = lines(sdk);
    assertEquals(4, forwarded.size(), "the cancellation is not passed on: " + forwarded);
    JsonNode meta = forwarded.get(2).path("params").path("_meta");
    String key = meta.path(InFlightCalls.META_KEY).asString();
    assertFalse(key.equals("forged"), "a client's own tag is overwritten");
    assertEquals(7, meta.path("progressToken").asInt(), "the rest of _meta is kept");
    assertFalse(forwarded.get(3).path("params").has("_meta"), "calls of unknown tools are not tracked");
    assertTrue(calls.find(Map.of(InFlightCalls.META_KEY, key)).isCancelled());
    assertTrue(lines(client).isEmpty(), "notifications get no answer");
  }

  /** A backend that runs {@code onStart} at every start and whose tools' calls are {@code calls}. */
  private static StdioFront.Backend recording(Runnable onStart, Supplier<InFlightCalls> calls) {
    return new StdioFront.Backend() {
      @Override
      public void start() {
        onStart.run();
      }

      @Override
      public InFlightCalls calls() {
        return calls.get();
      }
    };
  }

  private void run(String... input) throws IOException {
    run(ToolsListAnswer.of(null), input);
  }

  private void run(ToolsListAnswer toolsList, String... input) throws IOException {
    byte[] bytes = (String.join("\n", input) + "\n").getBytes(StandardCharsets.UTF_8);
    new StdioFront(new ByteArrayInputStream(bytes), sdk, new PrintStream(client, true, StandardCharsets.UTF_8),
        new PrintStream(log, true, StandardCharsets.UTF_8), StdioFront.Backend.of(() -> calls), toolsList).run();
  }

  private static List<JsonNode> lines(ByteArrayOutputStream out) {
    return text(out).lines().filter(l -> !l.isBlank()).map(Args.JSON::readTree).toList();
  }

  private static String text(ByteArrayOutputStream out) {
    return out.toString(StandardCharsets.UTF_8);
  }
}
