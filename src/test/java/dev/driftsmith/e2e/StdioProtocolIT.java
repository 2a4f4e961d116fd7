package dev.driftsmith.e2e;

import static dev.driftsmith.e2e.RawStdio.JSON;
import static dev.driftsmith.e2e.RawStdio.notification;
import static dev.driftsmith.e2e.RawStdio.request;
import static dev.driftsmith.e2e.RawStdio.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The packaged jar over raw stdio, as a misbehaving or impatient client would drive it: every
 * malformed message gets its JSON-RPC answer (or, for responses and notifications, none) and the
 * session goes on; cancelled calls get no response; progress and log messages reach the client.
 */
class StdioProtocolIT {
  @TempDir
  Path tmp;

  private RawStdio server;
  private int nextPing = 1000;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  @Test
  void malformedMessagesAreAnsweredAndTheSessionGoesOn() {
    assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
      server = RawStdio.start(tmp, Map.of());

      // Before initialize: an error, not silence; ping is answered; a notification is ignored.
      assertAnswers(request(1, "tools/list", null).toString(), error("1", -32002, "server not initialized: send initialize before 'tools/list'"));
      assertAnswers(notification("notifications/roots/list_changed", null).toString());
      server.initialize();

      assertAnswers("this is not json", error("null", -32700, "parse error: the message is not valid JSON"));
      assertAnswers("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}",
          error("null", -32600, "id: must be a string or an integer, not null"));
      assertAnswers("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}",
          error("null", -32600, "id: must be a string or an integer, not an object"));
      assertAnswers("{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"ping\"}",
          error("null", -32600, "id: must be a string or an integer, not an array"));
      assertAnswers("{\"jsonrpc\":\"2.0\",\"id\":2.5,\"method\":\"ping\"}",
          error("null", -32600, "id: must be a string or an integer, not 2.5"));
      assertAnswers("[{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}]",
          error("null", -32600, "batches (JSON arrays) are not supported"));
      assertAnswers("{\"jsonrpc\":\"1.0\",\"id\":4,\"method\":\"ping\"}", error("4", -32600, "jsonrpc: must be \"2.0\""));
      assertAnswers("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\",\"params\":[1]}",
          error("5", -32602, "params: must be an object"));
      assertAnswers("{\"foo\":1}", error("null", -32600, "neither a request"));
      // Malformed responses and notifications: JSON-RPC allows no answer, and the session goes on.
      assertAnswers("{\"jsonrpc\":\"2.0\",\"id\":6,\"result\":{},\"error\":{\"code\":1,\"message\":\"x\"}}");
      assertAnswers("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1,\"message\":\"x\"}}");
      assertAnswers("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\",\"params\":7}");

      // A line over 16 MiB is answered and skipped without being held whole.
      byte[] huge = ("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\",\"params\":{\"x\":\""
          + "a".repeat(16 * 1024 * 1024) + "\"}}\n").getBytes(StandardCharsets.UTF_8);
      int mark = server.mark();
      server.sendBytes(huge);
      assertPingAnswered();
      List<JsonNode> answer = server.since(mark);
      assertEquals(2, answer.size(), answer::toString);
      assertError(answer.get(0), error("null", -32600, "more than the 16777216 (16 MiB) a message may have"));

      // An unknown tool is named in the answer.
      assertAnswers(request(9, "tools/call", toolCall("no_such_tool", JSON.createObjectNode())).toString(),
          error("9", -32602, "no tool named 'no_such_tool'; see tools/list"));

      server.closeAndAssertExit();
      assertFalse(server.stderr().contains("Exception"), server::stderr);
    }, () -> server == null ? "" : server.stderr());
  }

  @Test
  void aCancelledCallGetsNoResponseAndTheSessionServesOthersMeanwhile() {
    assumeFalse(System.getProperty("os.name", "").toLowerCase().contains("win"), "the fake dart is a shell script");
    assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
      FakeDart dart = FakeDart.create(tmp);
      server = RawStdio.start(tmp, dart.environment());
      server.initialize();
      Path app = tmp.resolve("cancel_app");
      ok(10, "project_create", JSON.createObjectNode().put("name", "cancel_app").put("path", app.toString()));

      // A long call: build_runner (a stand-in that waits to be released) runs until we say so.
      server.send(request(11, "tools/call", toolCall("drift_run_codegen", JSON.createObjectNode().put("projectId", "cancel_app"))));
      dart.awaitStarted();
      server.send(notification("notifications/cancelled", JSON.createObjectNode().put("requestId", 11).put("reason", "user")));
      assertPingAnswered(); // served while the cancelled call still runs
      dart.release();
      dart.awaitFinished();
      assertPingAnswered();
      Thread.sleep(1000); // time for a response the server should not send
      assertPingAnswered();
      assertEquals(List.of(), server.responses("11"), "a cancelled call was answered");

      // A cancelled generating call leaves the project as it was, or complete: never half written.
      Path database = app.resolve("lib/data/database.dart");
      Files.delete(database);
      Map<String, byte[]> before = E2e.snapshot(app);
      ObjectNode generate = request(12, "tools/call", toolCall("project_generate", JSON.createObjectNode().put("projectId", "cancel_app")));
      ObjectNode cancel = notification("notifications/cancelled", JSON.createObjectNode().put("requestId", 12));
      server.send(JSON.writeValueAsString(generate) + "\n" + JSON.writeValueAsString(cancel));
      // Calls on one project take turns, so this one runs after the cancelled one has finished.
      JsonNode check = ok(13, "project_generate", JSON.createObjectNode().put("projectId", "cancel_app").put("dryRun", true));
      assertEquals(List.of(), server.responses("12"), "a cancelled call was answered");
      boolean untouched = E2e.snapshot(app).keySet().equals(before.keySet()) && Files.notExists(database);
      boolean complete = Files.exists(database) && check.path("result").path("content").path(0).path("text").asString()
          .contains("0 created, 0 updated");
      assertTrue(untouched || complete, () -> "the project is half written: " + check);

      server.closeAndAssertExit();
    }, () -> server == null ? "" : server.stderr());
  }

  @Test
  void progressAndLogMessagesFollowTheClientsLevel() {
    assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
      server = RawStdio.start(tmp, Map.of());
      server.initialize();
      Path app = tmp.resolve("log_app");

      // Default level (info): the written files at info, notes at warning; progress for the token.
      int mark = server.mark();
      ObjectNode create = toolCall("project_create", JSON.createObjectNode().put("name", "log_app").put("path", app.toString()));
      create.putObject("_meta").put("progressToken", "create-1");
      server.send(request(20, "tools/call", create));
      server.response("20");
      List<JsonNode> created = server.since(mark);
      List<JsonNode> progress = notifications(created, "notifications/progress");
      assertEquals(List.of(3, 4, 5), progress.stream().map(p -> p.path("params").path("progress").asInt()).toList(), created::toString);
      assertTrue(progress.stream().allMatch(p -> p.path("params").path("progressToken").asString().equals("create-1")
          && p.path("params").path("total").asInt() == 5), progress::toString);
      List<JsonNode> log = notifications(created, "notifications/message");
      assertEquals(List.of("info", "warning"), log.stream().map(m -> m.path("params").path("level").asString()).toList(), log::toString);
      assertTrue(log.get(0).path("params").path("data").asString().contains("\n  created driftsmith.yaml"), log::toString);
      assertTrue(log.get(1).path("params").path("data").asString().contains("Registered as 'log_app'"), log::toString);
      assertEquals("driftsmith", log.get(0).path("params").path("logger").asString());
      assertEquals("20", created.get(created.size() - 1).path("id").toString(), "notifications come before the response");

      // At warning: the info message is left out; the note that the table got an id column is sent.
      server.send(request(21, "logging/setLevel", JSON.createObjectNode().put("level", "warning")));
      server.response("21");
      mark = server.mark();
      ObjectNode table = JSON.createObjectNode().put("projectId", "log_app").put("name", "notes");
      table.putArray("columns").addObject().put("name", "title").put("type", "text");
      ok(22, "drift_add_table", table);
      List<JsonNode> warned = notifications(server.since(mark), "notifications/message");
      assertEquals(1, warned.size(), warned::toString);
      assertEquals("warning", warned.get(0).path("params").path("level").asString());
      assertTrue(warned.get(0).path("params").path("data").asString().contains("has no primary key"), warned::toString);
      assertTrue(notifications(server.since(mark), "notifications/progress").isEmpty(), "no token, no progress");

      // At error: only a refused call is logged.
      server.send(request(23, "logging/setLevel", JSON.createObjectNode().put("level", "error")));
      server.response("23");
      mark = server.mark();
      ok(24, "drift_add_table", table.put("name", "tags"));
      server.send(request(25, "tools/call", toolCall("drift_add_table", table.put("name", "BadName"))));
      server.response("25");
      List<JsonNode> errors = notifications(server.since(mark), "notifications/message");
      assertEquals(1, errors.size(), errors::toString);
      assertEquals("error", errors.get(0).path("params").path("level").asString());
      assertTrue(errors.get(0).path("params").path("data").asString().startsWith("drift_add_table: name: "), errors::toString);

      server.closeAndAssertExit();
    }, () -> server == null ? "" : server.stderr());
  }

  /** Sends {@code line}, then a ping; asserts exactly {@code expected} arrived before the ping's answer. */
  private void assertAnswers(String line, Expected... expected) throws Exception {
    int mark = server.mark();
    server.send(line);
    assertPingAnswered();
    List<JsonNode> answers = new ArrayList<>(server.since(mark));
    answers.remove(answers.size() - 1);
    assertEquals(expected.length, answers.size(), () -> line + " got " + answers);
    for (int i = 0; i < expected.length; i++) assertError(answers.get(i), expected[i]);
  }

  private void assertPingAnswered() throws Exception {
    int id = nextPing++;
    server.send(request(id, "ping", null));
    JsonNode pong = server.response(Integer.toString(id));
    assertTrue(pong.path("result").isObject(), pong::toString);
  }

  private JsonNode ok(int id, String tool, ObjectNode arguments) throws Exception {
    server.send(request(id, "tools/call", toolCall(tool, arguments)));
    JsonNode response = server.response(Integer.toString(id));
    assertFalse(response.path("result").path("isError").asBoolean(true), response::toString);
    return response;
  }

  private static List<JsonNode> notifications(List<JsonNode> messages, String method) {
    return messages.stream().filter(m -> m.path("method").asString("").equals(method)).toList();
  }

  record Expected(String idJson, int code, String message) {}

  private static Expected error(String idJson, int code, String message) {
    return new Expected(idJson, code, message);
  }

  private static void assertError(JsonNode answer, Expected expected) {
    assertEquals("2.0", answer.path("jsonrpc").asString(), answer::toString);
    assertEquals(expected.idJson(), answer.get("id").toString(), answer::toString);
    assertEquals(expected.code(), answer.path("error").path("code").asInt(), answer::toString);
    assertTrue(answer.path("error").path("message").asString().contains(expected.message()), answer::toString);
  }

  /** A {@code dart} on PATH that stands for a long build_runner run: it waits until released. */
  record FakeDart(Path dir) {
    static FakeDart create(Path tmp) throws IOException {
      Path bin = Files.createDirectories(tmp.resolve("fake-bin"));
      Path dart = bin.resolve("dart");
      Files.writeString(dart, "#!/bin/sh\n"
          + "touch \"$FAKE_DART_DIR/started\"\n"
          + "i=0\n"
          + "while [ ! -f \"$FAKE_DART_DIR/release\" ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done\n"
          + "touch \"$FAKE_DART_DIR/finished\"\n"
          + "echo build_runner stand-in done\n");
      Files.setPosixFilePermissions(dart, PosixFilePermissions.fromString("rwxr-xr-x"));
      return new FakeDart(bin);
    }

    Map<String, String> environment() {
      return Map.of("PATH", dir + java.io.File.pathSeparator + System.getenv("PATH"), "FAKE_DART_DIR", dir.toString());
    }

    void awaitStarted() throws InterruptedException {
      await("started");
    }

    void release() throws IOException {
      Files.createFile(dir.resolve("release"));
    }

    void awaitFinished() throws InterruptedException {
      await("finished");
    }

    private void await(String marker) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (Files.notExists(dir.resolve(marker))) {
        if (System.nanoTime() > deadline) throw new AssertionError("the fake dart never got " + marker);
        Thread.sleep(50);
      }
    }
  }
}
