package dev.driftsmith.syncserver;

import static dev.driftsmith.syncserver.conformance.Ops.data;
import static dev.driftsmith.syncserver.conformance.Ops.delete;
import static dev.driftsmith.syncserver.conformance.Ops.insert;
import static dev.driftsmith.syncserver.conformance.Ops.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.syncserver.conformance.Ops;
import dev.driftsmith.syncserver.conformance.ProtocolClient;
import dev.driftsmith.syncserver.conformance.ProtocolClient.Answer;
import dev.driftsmith.syncserver.conformance.ProtocolClient.Encoding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The server's behaviour over real HTTP, the same on every storage engine: each engine's test
 * class says only how to make a fresh database.
 */
abstract class SyncServerContract {
  @TempDir
  Path dir;

  final Harness harness = new Harness();
  String storage;
  SyncServer server;
  ProtocolClient alice;
  ProtocolClient bob;

  /** A new, empty database: a SQLite file path or a postgresql:// URL. */
  abstract String newStorage(Path dir);

  @BeforeEach
  void start() throws Exception {
    storage = newStorage(dir);
    server = harness.start(storage, dir);
    alice = Harness.client(server, Harness.ALICE);
    bob = Harness.client(server, Harness.BOB);
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  // ---- push and pull ----

  @Test
  void aPushedRecordIsPulledWithItsVersion() throws Exception {
    Answer push = alice.push("device-a", List.of(insert("notes", "n1", data("title", "Milk", "done", false))));
    assertEquals(200, push.status(), push.raw());
    assertResult(push, 0, "applied", 1);

    Answer pull = alice.pull("device-b", null, 100);
    assertEquals(200, pull.status(), pull.raw());
    JsonNode change = only(pull);
    assertEquals("notes", change.get("entity").stringValue());
    assertEquals("n1", change.get("recordId").stringValue());
    assertEquals("upsert", change.get("op").stringValue());
    assertEquals(data("title", "Milk", "done", false), change.get("data"));
    assertEquals(1, change.get("version").longValue());
    assertEquals(false, pull.body().get("hasMore").booleanValue());

    Answer again = alice.pull("device-b", pull.body().get("cursor").stringValue(), 100);
    assertEquals(0, again.body().get("changes").size(), "nothing changed after the cursor: " + again.raw());
    assertEquals(pull.body().get("cursor"), again.body().get("cursor"), "an empty page keeps the cursor where it was");
  }

  @Test
  void valuesComeBackExactlyAsSent() throws Exception {
    ObjectNode record = (ObjectNode) JsonSupport.MAPPER.readTree(
        "{\"price\": 0.1, \"tiny\": 1e-7, \"exact\": 3.14159265358979323846264338327950288,"
            + " \"big\": 12345678901234567890, \"max\": 9007199254740993, \"text\": \"Grüße \\u202e 𝄞 \\\"q\\\"\","
            + " \"none\": null, \"flag\": true, \"hex\": \"CAFE\", \"at\": \"2026-11-27T08:34:26.000 +02:00\"}");
    alice.push("d", List.of(insert("notes", "n1", record)));
    JsonNode stored = only(alice.pull("d", null, 10)).get("data");
    assertEquals(record, stored);
    assertEquals("3.14159265358979323846264338327950288", stored.get("exact").toString());
    assertEquals("12345678901234567890", stored.get("big").toString());
  }

  @Test
  void pullsPageOldestFirstWithHasMore() throws Exception {
    List<ObjectNode> ops = new ArrayList<>();
    for (int i = 0; i < 7; i++) ops.add(insert("notes", "n" + i, data("i", i)));
    alice.push("d", ops);
    List<String> seen = new ArrayList<>();
    String cursor = null;
    List<Boolean> more = new ArrayList<>();
    for (int page = 0; page < 10; page++) {
      Answer pull = alice.pull("d", cursor, 3);
      for (JsonNode c : pull.body().get("changes")) seen.add(c.get("recordId").stringValue());
      cursor = pull.body().get("cursor").stringValue();
      more.add(pull.body().get("hasMore").booleanValue());
      if (!pull.body().get("hasMore").booleanValue()) break;
    }
    assertEquals(List.of("n0", "n1", "n2", "n3", "n4", "n5", "n6"), seen);
    assertEquals(List.of(true, true, false), more);
  }

  // ---- idempotency ----

  @Test
  void aRetriedBatchIsAppliedOnce() throws Exception {
    List<ObjectNode> batch = List.of(insert("notes", "n1", data("title", "a")), insert("notes", "n2", data("title", "b")));
    Answer first = alice.push("d", batch);
    Answer retry = alice.push("d", batch);
    assertEquals(first.body(), retry.body(), "a retried batch gets the first answers");
    Answer pull = alice.pull("d", null, 100);
    assertEquals(2, pull.body().get("changes").size(), pull.raw());
    for (JsonNode c : pull.body().get("changes")) assertEquals(1, c.get("version").longValue(), "applied once: " + c);
  }

  @Test
  void aRetryAfterALostAnswerDoesNotUndoLaterChanges() throws Exception {
    ObjectNode lostUpdate = insert("notes", "n1", data("title", "first"));
    alice.push("phone", List.of(lostUpdate)); // the phone never hears the answer
    assertResult(alice.push("tablet", List.of(update("notes", "n1", data("title", "tablet"), 1L))), 0, "applied", 2);

    Answer retry = alice.push("phone", List.of(lostUpdate));
    assertResult(retry, 0, "applied", 1);
    JsonNode record = only(alice.pull("d", null, 10));
    assertEquals("tablet", record.get("data").get("title").stringValue(), "the retried insert was not applied again");
    assertEquals(2, record.get("version").longValue());
  }

  @Test
  void aRejectedOperationKeepsItsAnswer() throws Exception {
    ObjectNode bad = Ops.op("op-bad", "notes", "n1", "upsert", data("title", "x"), null);
    Answer first = alice.push("d", List.of(bad, insert("notes", "n2", data("title", "ok"))));
    assertEquals("rejected", first.body().get("results").get(0).get("status").stringValue(), first.raw());
    assertTrue(first.body().get("results").get(0).get("reason").stringValue().startsWith("op: "), first.raw());
    assertResult(first, 1, "applied", 1);
    Answer again = alice.push("d", List.of(bad));
    assertEquals(first.body().get("results").get(0), again.body().get("results").get(0));
  }

  // ---- versions and conflicts ----

  @Test
  void aStaleBaseVersionIsAConflictAndIsNotApplied() throws Exception {
    alice.push("a", List.of(insert("notes", "n1", data("title", "v1"))));
    alice.push("a", List.of(update("notes", "n1", data("title", "v2"), 1L)));
    Answer stale = alice.push("b", List.of(update("notes", "n1", data("title", "stale"), 1L)));
    JsonNode result = stale.body().get("results").get(0);
    assertEquals("conflict", result.get("status").stringValue(), stale.raw());
    assertEquals(2, result.get("version").longValue());
    assertEquals(data("title", "v2"), result.get("record"));
    assertEquals("v2", only(alice.pull("x", null, 10)).get("data").get("title").stringValue());

    Answer unknownBase = alice.push("b", List.of(update("notes", "n1", data("title", "blind"), null)));
    assertEquals("conflict", unknownBase.body().get("results").get(0).get("status").stringValue(), unknownBase.raw());
  }

  @Test
  void aConflictDoesNotUseUpTheOpId() throws Exception {
    alice.push("a", List.of(insert("notes", "n1", data("title", "v1"))));
    alice.push("a", List.of(update("notes", "n1", data("title", "v2"), 1L)));
    ObjectNode op = update("notes", "n1", data("title", "mine"), 1L);
    assertEquals("conflict", alice.push("b", List.of(op)).body().get("results").get(0).get("status").stringValue());
    op.put("baseVersion", 2); // the device resolved the conflict (client wins) and sends it again
    assertResult(alice.push("b", List.of(op)), 0, "applied", 3);
    assertEquals("mine", only(alice.pull("x", null, 10)).get("data").get("title").stringValue());
  }

  @Test
  void anInsertOfAnExistingRecordIdIsAConflict() throws Exception {
    alice.push("a", List.of(insert("notes", "n1", data("title", "a"))));
    Answer twin = alice.push("b", List.of(insert("notes", "n1", data("title", "b"))));
    JsonNode result = twin.body().get("results").get(0);
    assertEquals("conflict", result.get("status").stringValue(), twin.raw());
    assertEquals(1, result.get("version").longValue());
    assertEquals(data("title", "a"), result.get("record"));
  }

  @Test
  void anUpdateIsAPatch() throws Exception {
    alice.push("a", List.of(insert("notes", "n1", data("title", "t", "body", "b", "tag", "x"))));
    assertResult(alice.push("a", List.of(update("notes", "n1", data("body", "B", "tag", null), 1L))), 0, "applied", 2);
    assertEquals(data("title", "t", "body", "B", "tag", null), only(alice.pull("x", null, 10)).get("data"));
  }

  @Test
  void vectorClocksKeepTheElementWiseMaximum() throws Exception {
    alice.push("a", List.of(insert("notes", "n1", data("title", "t", "version", "{\"a\":3,\"b\":1}"))));
    alice.push("b", List.of(update("notes", "n1", data("title", "u", "version", "{\"b\":2}"), 1L)));
    JsonNode clock = JsonSupport.MAPPER.readTree(
        only(alice.pull("x", null, 10)).get("data").get("version").stringValue());
    assertEquals(JsonSupport.MAPPER.readTree("{\"a\":3,\"b\":2}"), clock);
  }

  // ---- tombstones ----

  @Test
  void aDeviceOfflineForAWeekLearnsOfTheDelete() throws Exception {
    alice.push("a", List.of(insert("notes", "n1", data("title", "t")), insert("notes", "n2", data("title", "u"))));
    String offlineCursor = alice.pull("offline", null, 100).body().get("cursor").stringValue();
    assertResult(alice.push("a", List.of(delete("notes", "n1", 1L))), 0, "applied", 2);
    for (int i = 0; i < 5; i++) alice.push("a", List.of(update("notes", "n2", data("title", "u" + i), (long) i + 1)));

    JsonNode tombstone = only(alice.pull("offline", offlineCursor, 1));
    assertEquals("n1", tombstone.get("recordId").stringValue());
    assertEquals("delete", tombstone.get("op").stringValue());
    assertEquals(2, tombstone.get("version").longValue());
    assertTrue(tombstone.get("data") == null || tombstone.get("data").isNull(), tombstone.toString());

    Answer fresh = alice.pull("new-phone", null, 100);
    assertTrue(fresh.raw().contains("\"op\":\"delete\""), "a new device learns of the delete too: " + fresh.raw());
  }

  @Test
  void aTombstoneAnswersUpdatesDeletesAndWinningInserts() throws Exception {
    alice.push("a", List.of(insert("notes", "n1", data("title", "t"))));
    alice.push("a", List.of(delete("notes", "n1", 1L)));
    JsonNode conflict = alice.push("b", List.of(update("notes", "n1", data("title", "edit"), 1L))).body().get("results").get(0);
    assertEquals("conflict", conflict.get("status").stringValue(), conflict.toString());
    assertEquals(2, conflict.get("version").longValue());
    assertTrue(conflict.has("record") && conflict.get("record").isNull(), "a deleted record is null: " + conflict);

    assertResult(alice.push("b", List.of(delete("notes", "n1", 1L))), 0, "applied", 2);
    // The device's conflict strategy let its change win over the delete: sent again as an insert.
    assertResult(alice.push("b", List.of(insert("notes", "n1", data("title", "back")))), 0, "applied", 3);
    JsonNode record = only(alice.pull("x", null, 10));
    assertEquals("upsert", record.get("op").stringValue());
    assertEquals("back", record.get("data").get("title").stringValue());
  }

  @Test
  void changesToRecordsTheServerNeverHadAreAnswered() throws Exception {
    JsonNode update = alice.push("a", List.of(update("notes", "ghost", data("title", "x"), 4L))).body().get("results").get(0);
    assertEquals("conflict", update.get("status").stringValue(), update.toString());
    assertTrue(update.get("record").isNull(), update.toString());
    JsonNode gone = alice.push("a", List.of(delete("notes", "ghost", 4L))).body().get("results").get(0);
    assertEquals("applied", gone.get("status").stringValue(), gone.toString());
    assertEquals(0, alice.pull("a", null, 10).body().get("changes").size());
  }

  // ---- auth and isolation ----
  /**
   * A request refused before its body is read (401) still has its body read, so the connection
   * stays usable: else the client's next request on it finds it closed and fails as if the server
   * were down.
   */
  @Test
  void aRefusedRequestLeavesItsConnectionUsable() throws Exception {
    ProtocolClient anonymous = alice.as(null);
    ObjectNode padded = insert("notes", "p", data("body", "x".repeat(256 * 1024)));
    for (int i = 0; i < 10; i++) {
      assertEquals(401, anonymous.push("d", List.of(padded)).status());
      assertEquals(200, anonymous.as(Harness.ALICE).pull("d", null, 1).status());
    }
  }


  @Test
  void requestsWithoutAKnownTokenAre401() throws Exception {
    for (ProtocolClient stranger : List.of(alice.as(null), alice.as("not-a-token-of-anyone-at-all"))) {
      Answer push = stranger.push("d", List.of(insert("notes", "n1", data("title", "x"))));
      assertEquals(401, push.status(), push.raw());
      assertTrue(push.body().get("error").stringValue().startsWith("authorization: "), push.raw());
      assertEquals("Bearer realm=\"driftsmith-sync\"", push.header("www-authenticate"));
      assertEquals(401, stranger.pull("d", null, 10).status());
      assertEquals(401, stranger.ping().status());
    }
    assertEquals(0, alice.pull("d", null, 10).body().get("changes").size(), "nothing was stored");
    assertEquals(200, alice.ping().status());
  }

  @Test
  void usersSeeAndChangeOnlyTheirOwnRecords() throws Exception {
    alice.push("a", List.of(insert("notes", "n1", data("title", "alice's"))));
    assertEquals(0, bob.pull("b", null, 100).body().get("changes").size(), "bob sees none of alice's rows");

    List<ObjectNode> attacks = List.of(update("notes", "n1", data("title", "bob was here"), 1L), delete("notes", "n1", 1L),
        insert("notes", "n1", data("title", "bob's")));
    Answer answer = bob.push("b", attacks);
    for (JsonNode result : answer.body().get("results")) {
      assertEquals("rejected", result.get("status").stringValue(), answer.raw());
      assertTrue(result.get("reason").stringValue().contains("belongs to another user"), answer.raw());
      assertTrue(!result.has("record"), "nothing of alice's record is shown: " + answer.raw());
    }
    JsonNode record = only(alice.pull("a", null, 10));
    assertEquals("alice's", record.get("data").get("title").stringValue());
    assertEquals(1, record.get("version").longValue());

    bob.push("b", List.of(insert("notes", "n2", data("title", "bob's own"))));
    assertEquals(1, alice.pull("a", null, 100).body().get("changes").size(), "alice sees none of bob's rows");
  }

  /** Two users creating the same new record ids at the same moment: each record gets one owner, the other is refused. */
  @Test
  void twoUsersCreatingOneIdAtOnceGiveItOneOwner() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<List<String>>> runs = new ArrayList<>();
      for (ProtocolClient user : List.of(alice, bob)) {
        runs.add(pool.submit(() -> {
          List<String> statuses = new ArrayList<>();
          for (int b = 0; b < 30; b++) {
            List<ObjectNode> ops = new ArrayList<>();
            for (int i = 0; i < 5; i++) ops.add(insert("notes", "shared-" + b + "-" + i, data("b", b)));
            Answer answer = user.push("d", ops);
            assertEquals(200, answer.status(), answer.raw());
            answer.body().get("results").forEach(r -> statuses.add(r.get("status").stringValue()));
          }
          return statuses;
        }));
      }
      List<String> a = runs.get(0).get(120, java.util.concurrent.TimeUnit.SECONDS);
      List<String> b = runs.get(1).get(120, java.util.concurrent.TimeUnit.SECONDS);
      for (int i = 0; i < a.size(); i++) {
        assertEquals(java.util.Set.of("applied", "rejected"), java.util.Set.of(a.get(i), b.get(i)), "record " + i + ": " + a.get(i) + "/" + b.get(i));
      }
      long alices = a.stream().filter("applied"::equals).count();
      assertEquals(alices, alice.pull("d", null, 1000).body().get("changes").size());
      assertEquals(a.size() - alices, bob.pull("d", null, 1000).body().get("changes").size());
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- protocol version, limits and malformed requests ----

  @Test
  void aVersion1ClientIsToldToUpgrade() throws Exception {
    byte[] body = "{\"clientId\":\"d\",\"operations\":[]}".getBytes(StandardCharsets.UTF_8);
    for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of(SyncProtocol.VERSION_HEADER, "1"))) {
      Answer answer = alice.post("push", body, Encoding.PLAIN, headers);
      assertEquals(426, answer.status(), answer.raw());
      assertTrue(answer.body().get("error").stringValue().startsWith("x-sync-protocol: "), answer.raw());
      assertTrue(answer.body().get("error").stringValue().contains("sync protocol 2"), answer.raw());
    }
  }

  @Test
  void compressedBodiesAreAcceptedAndUnknownEncodingsAre415() throws Exception {
    byte[] gzip = pushBody(insert("notes", "g", data("title", "gzip")));
    byte[] deflate = pushBody(insert("notes", "z", data("title", "zlib")));
    assertEquals(200, alice.post("push", gzip, Encoding.GZIP, ProtocolClient.protocolHeader()).status());
    assertEquals(200, alice.post("push", deflate, Encoding.DEFLATE, ProtocolClient.protocolHeader()).status());
    assertEquals(2, alice.pull("d", null, 10).body().get("changes").size());

    Map<String, String> brotli = ProtocolClient.protocolHeader();
    brotli.put("content-encoding", "br");
    Answer refused = alice.post("push", pushBody(insert("notes", "b", data("title", "br"))), Encoding.PLAIN, brotli);
    assertEquals(415, refused.status(), refused.raw());
    assertTrue(refused.body().get("error").stringValue().startsWith("content-encoding: "), refused.raw());
  }

  @Test
  void pullAnswersAreGzippedForClientsThatAcceptIt() throws Exception {
    List<ObjectNode> ops = new ArrayList<>();
    for (int i = 0; i < 50; i++) ops.add(insert("notes", "n" + i, data("title", "note number " + i, "body", "the same words again")));
    alice.push("d", ops);
    var request = java.net.http.HttpRequest.newBuilder(server.baseUrl().resolve("/sync/pull"))
        .header("authorization", "Bearer " + Harness.ALICE).header(SyncProtocol.VERSION_HEADER, "2")
        .header("accept-encoding", "gzip").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"cursor\": null}")).build();
    var response = ProtocolClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, response.statusCode());
    assertEquals("gzip", response.headers().firstValue("content-encoding").orElse(null));
    byte[] json = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(response.body())).readAllBytes();
    assertTrue(response.body().length * 3 < json.length, response.body().length + " compressed bytes for " + json.length);
    assertEquals(alice.pull("d", null, 500).body(), JsonSupport.MAPPER.readTree(json));
  }

  @Test
  void oversizedRequestsAre413WithAClearMessage() throws Exception {
    StringBuilder big = new StringBuilder();
    while (big.length() < ServerLimits.DEFAULTS.maxRequestBytes()) big.append("0123456789abcdef");
    Answer tooBig = alice.push("d", List.of(insert("notes", "n1", data("body", big.toString()))));
    assertEquals(413, tooBig.status(), tooBig.raw().substring(0, Math.min(300, tooBig.raw().length())));
    assertTrue(tooBig.body().get("error").stringValue().startsWith("body: "), tooBig.raw());

    // A small gzip body that inflates past the limit is refused too.
    byte[] bomb = ("{\"clientId\":\"d\",\"operations\":[],\"pad\":\"" + "0".repeat(ServerLimits.DEFAULTS.maxRequestBytes()) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    Answer inflated = alice.post("push", bomb, Encoding.GZIP, ProtocolClient.protocolHeader());
    assertEquals(413, inflated.status(), inflated.raw());

    List<ObjectNode> many = new ArrayList<>();
    for (int i = 0; i <= ServerLimits.DEFAULTS.maxOperations(); i++) many.add(insert("notes", "m" + i, data("i", i)));
    Answer tooMany = alice.push("d", many);
    assertEquals(413, tooMany.status(), tooMany.raw());
    assertTrue(tooMany.body().get("error").stringValue().startsWith("operations: 1001 operations"), tooMany.raw());
    assertEquals(0, alice.pull("d", null, 10).body().get("changes").size(), "nothing of a refused batch is stored");
  }

  @Test
  void malformedRequestsAre400NamingTheField() throws Exception {
    assertBadRequest(alice.post("push", "not json".getBytes(StandardCharsets.UTF_8), Encoding.PLAIN, ProtocolClient.protocolHeader()), "body: ");
    assertBadRequest(alice.post("push", "{\"operations\": 3}".getBytes(StandardCharsets.UTF_8), Encoding.PLAIN, ProtocolClient.protocolHeader()), "operations: ");
    assertBadRequest(alice.post("push", "{\"operations\": [{\"entity\": \"notes\"}]}".getBytes(StandardCharsets.UTF_8), Encoding.PLAIN,
        ProtocolClient.protocolHeader()), "operations[0].opId: ");
    assertBadRequest(alice.post("push", "{\"operations\": [], \"operations\": []}".getBytes(StandardCharsets.UTF_8), Encoding.PLAIN,
        ProtocolClient.protocolHeader()), "body: ");
    assertBadRequest(alice.pull("d", "c-1", 10), "cursor: ");
    assertBadRequest(alice.pull("d", "not a cursor", 10), "cursor: ");
    assertBadRequest(alice.pull("d", null, 0), "limit: ");
    Answer wrongMethod = alice.getFromRoot("/sync/push");
    assertEquals(405, wrongMethod.status(), wrongMethod.raw());
    assertEquals("POST, OPTIONS", wrongMethod.header("allow"));
    Answer unknown = alice.getFromRoot("/sync/nothing");
    assertEquals(404, unknown.status(), unknown.raw());
    assertTrue(unknown.body().get("error").stringValue().startsWith("path: "), unknown.raw());
  }

  @Test
  void aPullLimitAboveTheBoundIsCutToIt() throws Exception {
    Harness small = new Harness();
    try (SyncServer bounded = small.start(newStorage(dir.resolve("b")), dir, new ServerLimits(1 << 20, 10, 3), s -> s)) {
      ProtocolClient client = Harness.client(bounded, Harness.ALICE);
      List<ObjectNode> ops = new ArrayList<>();
      for (int i = 0; i < 5; i++) ops.add(insert("notes", "n" + i, data("i", i)));
      client.push("d", ops);
      Answer page = client.pull("d", null, 500);
      assertEquals(3, page.body().get("changes").size(), page.raw());
      assertTrue(page.body().get("hasMore").booleanValue(), page.raw());
    }
  }

  // ---- operations ----

  @Test
  void healthSaysWhichStorageAnswers() throws Exception {
    Answer health = alice.as(null).getFromRoot("/health");
    assertEquals(200, health.status(), health.raw());
    assertEquals("ok", health.body().get("status").stringValue());
    assertEquals(engine(), health.body().get("storage").stringValue());
  }

  @Test
  void everyRequestIsOneJsonLogLine() throws Exception {
    alice.push("d", List.of(insert("notes", "n1", data("title", "x"))));
    alice.as(null).pull("d", null, 1);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : harness.log().split("\n")) lines.add(JsonSupport.MAPPER.readTree(line));
    JsonNode push = lines.get(0);
    assertEquals("request", push.get("event").stringValue());
    assertEquals("/sync/push", push.get("path").stringValue());
    assertEquals("alice", push.get("user").stringValue());
    assertEquals(200, push.get("status").intValue());
    assertEquals(1, push.get("applied").intValue());
    assertNotNull(push.get("requestId"));
    assertTrue(push.get("ms").isNumber());
    assertEquals(401, lines.get(1).get("status").intValue());
  }

  @Test
  void browserAppsOfAnAllowedOriginPassThePreflight() throws Exception {
    var request = java.net.http.HttpRequest.newBuilder(server.baseUrl().resolve("/sync/push"))
        .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
        .header("origin", Harness.ALLOWED_ORIGIN).header("access-control-request-method", "POST")
        .header("access-control-request-headers", "authorization, content-encoding, x-sync-protocol").build();
    var response = ProtocolClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
    assertEquals(204, response.statusCode());
    assertEquals(Harness.ALLOWED_ORIGIN, response.headers().firstValue("access-control-allow-origin").orElse(null));
    String allowed = response.headers().firstValue("access-control-allow-headers").orElse("");
    for (String header : List.of("authorization", "content-encoding", "x-sync-protocol")) assertTrue(allowed.contains(header), allowed);
  }

  @Test
  void stateSurvivesARestart() throws Exception {
    ObjectNode op = insert("notes", "n1", data("title", "before"));
    alice.push("d", List.of(op));
    String cursor = alice.pull("d", null, 10).body().get("cursor").stringValue();
    server.close();
    server = harness.start(storage, dir);
    alice = Harness.client(server, Harness.ALICE);
    assertResult(alice.push("d", List.of(op)), 0, "applied", 1);
    alice.push("d", List.of(insert("notes", "n2", data("title", "after"))));
    JsonNode change = only(alice.pull("d", cursor, 10));
    assertEquals("n2", change.get("recordId").stringValue(), "the cursor from before the restart still holds");
  }

  // ---- cursors under concurrency ----

  /**
   * Eight devices of one user push at once through two servers on one database while four
   * devices pull in small pages, alternating between the servers (see {@link ConcurrentWorkload}).
   */
  @Test
  void concurrentPushesThroughTwoServersAreEachPulledExactlyOnce() throws Exception {
    try (SyncServer second = harness.start(storage, dir)) {
      ConcurrentWorkload.run(List.of(alice, Harness.client(second, Harness.ALICE)));
    }
  }

  // ---- the conformance kit ----

  @Test
  void theConformanceKitPasses() {
    List<dev.driftsmith.syncserver.conformance.ConformanceKit.Result> results =
        new dev.driftsmith.syncserver.conformance.ConformanceKit(alice, bob).run();
    for (var result : results) {
      assertEquals(dev.driftsmith.syncserver.conformance.ConformanceKit.Outcome.PASS, result.outcome(), result.line());
    }
    assertTrue(results.size() >= 20, "every check ran: " + results);
  }

  // ---- helpers ----

  abstract String engine();

  static void assertResult(Answer answer, int index, String status, long version) {
    JsonNode result = answer.body().get("results").get(index);
    assertEquals(status, result.get("status").stringValue(), answer.raw());
    assertEquals(version, result.get("version").longValue(), answer.raw());
  }

  static JsonNode only(Answer pull) {
    JsonNode changes = pull.body().get("changes");
    assertEquals(1, changes.size(), pull.raw());
    return changes.get(0);
  }

  static void assertBadRequest(Answer answer, String field) {
    assertEquals(400, answer.status(), answer.raw());
    assertTrue(answer.body().get("error").stringValue().startsWith(field), answer.raw());
  }

  static byte[] pushBody(ObjectNode op) {
    ObjectNode body = JsonSupport.MAPPER.createObjectNode().put("clientId", "d");
    body.putArray("operations").add(op);
    return ProtocolClient.bytes(body);
  }
}
