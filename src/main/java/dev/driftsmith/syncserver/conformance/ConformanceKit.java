package dev.driftsmith.syncserver.conformance;

import static dev.driftsmith.syncserver.conformance.Ops.data;
import static dev.driftsmith.syncserver.conformance.Ops.delete;
import static dev.driftsmith.syncserver.conformance.Ops.insert;
import static dev.driftsmith.syncserver.conformance.Ops.update;

import dev.driftsmith.syncserver.SyncProtocol;
import dev.driftsmith.syncserver.conformance.ProtocolClient.Answer;
import dev.driftsmith.syncserver.conformance.ProtocolClient.Encoding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * HTTP-level checks of docs/sync-protocol.md (version 2) against any server, for teams that write
 * their own backend. Every check works on records of its own (an entity named after this run), so
 * the kit can run against a server that holds real data; it needs a user of its own all the same,
 * since it reads that user's whole stream.
 */
public final class ConformanceKit {
  public enum Outcome { PASS, FAIL, SKIP }

  public record Result(String check, Outcome outcome, String reason) {
    public String line() {
      return String.format("%-4s %-28s %s", outcome, check, reason);
    }
  }

  /** A check found the server wrong. */
  private static final class Failed extends Exception {
    Failed(String message) {
      super(message, null, false, false);
    }
  }

  /** A check that cannot run with what it was given. */
  private static final class Skipped extends Exception {
    Skipped(String message) {
      super(message, null, false, false);
    }
  }

  @FunctionalInterface
  private interface Check {
    String run() throws Exception;
  }

  /** Bounds on reading a user's whole stream: pages, and pages of this size. */
  static final int MAX_PAGES = 2_000;
  static final int PAGE = 200;

  private final ProtocolClient client;
  private final ProtocolClient other;
  private final String entity = "conformance_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final String device = "conformance-kit";
  private int records;

  /** {@code other} is a second user's client, for the isolation checks (null: they are skipped). */
  public ConformanceKit(ProtocolClient client, ProtocolClient other) {
    this.client = client;
    this.other = other;
  }

  public List<Result> run() {
    Map<String, Check> checks = new LinkedHashMap<>();
    checks.put("ping", this::ping);
    checks.put("auth-missing-token", this::missingToken);
    checks.put("auth-unknown-token", this::unknownToken);
    checks.put("protocol-version", this::protocolVersion);
    checks.put("push-then-pull", this::pushThenPull);
    checks.put("retried-batch-applies-once", this::retriedBatch);
    checks.put("retry-after-lost-answer", this::retryAfterLostAnswer);
    checks.put("malformed-op-rejected", this::malformedOperation);
    checks.put("stale-base-version", this::staleBaseVersion);
    checks.put("conflict-keeps-op-id", this::conflictKeepsOpId);
    checks.put("insert-of-existing-id", this::insertOfExistingId);
    checks.put("delta-is-a-patch", this::deltaIsAPatch);
    checks.put("tombstone-pulled", this::tombstonePulled);
    checks.put("tombstone-for-new-device", this::tombstoneForNewDevice);
    checks.put("update-of-tombstone", this::updateOfTombstone);
    checks.put("cursor-pages", this::cursorPages);
    checks.put("compressed-bodies", this::compressedBodies);
    checks.put("unknown-encoding-415", this::unknownEncoding);
    checks.put("malformed-json-400", this::malformedJson);
    checks.put("isolation-pull", this::isolationPull);
    checks.put("isolation-push", this::isolationPush);
    List<Result> results = new ArrayList<>();
    for (Map.Entry<String, Check> check : checks.entrySet()) results.add(run(check.getKey(), check.getValue()));
    return results;
  }

  private static Result run(String name, Check check) {
    try {
      return new Result(name, Outcome.PASS, check.run());
    } catch (Failed e) {
      return new Result(name, Outcome.FAIL, e.getMessage());
    } catch (Skipped e) {
      return new Result(name, Outcome.SKIP, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(name, Outcome.FAIL, "interrupted");
    } catch (Exception e) {
      return new Result(name, Outcome.FAIL, "request failed: " + e);
    }
  }

  // ---- checks ----

  private String ping() throws Exception {
    Answer ping = client.ping();
    expect(ping.status() >= 200 && ping.status() < 300, "GET ping answered " + ping.status() + ", not 2xx");
    return "GET ping answers " + ping.status();
  }

  private String missingToken() throws Exception {
    ProtocolClient anonymous = client.as(null);
    expectStatus(anonymous.push(device, List.of(insert(entity, newId(), data("kit", "anonymous")))), 401, "push without a token");
    expectStatus(anonymous.pull(device, null, 1), 401, "pull without a token");
    return "push and pull without a token: 401";
  }

  private String unknownToken() throws Exception {
    String id = newId();
    ProtocolClient stranger = client.as("unknown-" + UUID.randomUUID());
    expectStatus(stranger.push(device, List.of(insert(entity, id, data("kit", "stranger")))), 401, "push with an unknown token");
    expect(changesOf(id).isEmpty(), "a push with an unknown token was stored");
    return "unknown token: 401, nothing stored";
  }

  private String protocolVersion() throws Exception {
    byte[] body = "{\"clientId\":\"conformance-kit\",\"operations\":[]}".getBytes(StandardCharsets.UTF_8);
    expectStatus(client.post("push", body, Encoding.PLAIN, Map.of()), SyncProtocol.UPGRADE_REQUIRED, "a push without " + SyncProtocol.VERSION_HEADER);
    expectStatus(client.post("push", body, Encoding.PLAIN, Map.of(SyncProtocol.VERSION_HEADER, "1")),
        SyncProtocol.UPGRADE_REQUIRED, "a push of protocol 1");
    return "version 1 clients (no header, or 1): " + SyncProtocol.UPGRADE_REQUIRED;
  }

  private String pushThenPull() throws Exception {
    String id = newId();
    ObjectNode row = data("kit", "push", "title", "Milk", "done", false, "count", 3);
    long version = applied(push(insert(entity, id, row)), "insert of a new record");
    JsonNode change = latest(id);
    expect(change != null, "the pushed record is not in the pull");
    expect("upsert".equals(text(change, "op")), "op is " + change.get("op") + ", not upsert");
    expect(row.equals(change.get("data")), "data is " + change.get("data") + ", pushed " + row);
    expect(change.path("version").asLong(-1) == version, "version " + change.get("version") + ", applied as " + version);
    return "insert applied at version " + version + " and pulled as upsert";
  }

  private String retriedBatch() throws Exception {
    String a = newId();
    String b = newId();
    List<ObjectNode> batch = List.of(insert(entity, a, data("kit", "retry")), insert(entity, b, data("kit", "retry")));
    Answer first = client.push(device, batch);
    Answer second = client.push(device, batch);
    expectStatus(first, 200, "push");
    expectStatus(second, 200, "retried push");
    expect(Objects.equals(first.body().get("results"), second.body().get("results")),
        "the retry was answered " + second.body().get("results") + ", the first push " + first.body().get("results"));
    long v = first.body().get("results").get(0).path("version").asLong(-1);
    expect(latest(a).path("version").asLong(-2) == v, "after the retry the record is at version " + latest(a).get("version") + ", not " + v);
    expect(changesOf(a).size() == 1, "the record came " + changesOf(a).size() + " times in one pull");
    return "the same answers, applied once";
  }

  private String retryAfterLostAnswer() throws Exception {
    String id = newId();
    ObjectNode lost = insert(entity, id, data("kit", "lost", "title", "first"));
    long v1 = applied(push(lost), "insert");
    long v2 = applied(push(update(entity, id, data("title", "second"), v1)), "update on the applied version");
    JsonNode again = push(lost);
    expect("applied".equals(text(again, "status")) && again.path("version").asLong(-1) == v1,
        "the insert sent again (its answer was lost) was answered " + again + ", not applied at version " + v1);
    JsonNode record = latest(id);
    expect("second".equals(record.path("data").path("title").asString()) && record.path("version").asLong() == v2,
        "the repeated insert was applied again: the record is now " + record);
    return "a repeated opId gets its first answer and changes nothing";
  }

  private String malformedOperation() throws Exception {
    String good = newId();
    ObjectNode bad = Ops.op(UUID.randomUUID().toString(), entity, newId(), "upsert", data("kit", "bad"), null);
    Answer answer = client.push(device, List.of(bad, insert(entity, good, data("kit", "good"))));
    expectStatus(answer, 200, "a batch with one malformed operation");
    JsonNode results = answer.body().get("results");
    expect(results != null && results.size() == 2, "expected 2 results, got " + results);
    expect("rejected".equals(text(results.get(0), "status")) && results.get(0).hasNonNull("reason"),
        "an operation with op 'upsert' was answered " + results.get(0) + ", not rejected with a reason");
    expect("applied".equals(text(results.get(1), "status")), "the good operation next to it was answered " + results.get(1));
    JsonNode again = push(bad);
    expect(results.get(0).equals(again), "the rejected operation sent again was answered " + again + ", first " + results.get(0));
    return "rejected with a reason, alone, and the same again";
  }

  private String staleBaseVersion() throws Exception {
    String id = newId();
    long v1 = applied(push(insert(entity, id, data("kit", "stale", "title", "v1"))), "insert");
    long v2 = applied(push(update(entity, id, data("title", "v2"), v1)), "update");
    JsonNode conflict = push(update(entity, id, data("title", "stale"), v1));
    expect("conflict".equals(text(conflict, "status")), "an update on version " + v1 + " of a record at " + v2 + " was answered " + conflict);
    expect(conflict.path("version").asLong(-1) == v2, "the conflict names version " + conflict.get("version") + ", not the current " + v2);
    expect("v2".equals(conflict.path("record").path("title").asString()), "the conflict's record is " + conflict.get("record") + ", not the current one");
    expect("v2".equals(latest(id).path("data").path("title").asString()), "the stale update was applied anyway");
    return "conflict with the current version and record, not applied";
  }

  private String conflictKeepsOpId() throws Exception {
    String id = newId();
    long v1 = applied(push(insert(entity, id, data("kit", "rebase", "title", "v1"))), "insert");
    long v2 = applied(push(update(entity, id, data("title", "v2"), v1)), "update");
    ObjectNode op = update(entity, id, data("title", "mine"), v1);
    expect("conflict".equals(text(push(op), "status")), "a stale update was not a conflict");
    op.put("baseVersion", v2);
    JsonNode rebased = push(op);
    expect("applied".equals(text(rebased, "status")), "the same opId on the current version was answered " + rebased
        + "; a conflict must not use up the opId");
    return "the same opId applies once rebased";
  }

  private String insertOfExistingId() throws Exception {
    String id = newId();
    long v1 = applied(push(insert(entity, id, data("kit", "twin", "title", "first"))), "insert");
    JsonNode twin = push(insert(entity, id, data("kit", "twin", "title", "second")));
    expect("conflict".equals(text(twin, "status")) && twin.path("version").asLong(-1) == v1
        && "first".equals(twin.path("record").path("title").asString()),
        "a second insert of the same record id (another opId) was answered " + twin + ", not a conflict with the stored record");
    return "conflict with the stored record";
  }

  private String deltaIsAPatch() throws Exception {
    String id = newId();
    long v1 = applied(push(insert(entity, id, data("kit", "delta", "title", "t", "body", "b", "tag", "x"))), "insert");
    applied(push(update(entity, id, data("body", "B", "tag", null), v1)), "update with two columns");
    JsonNode stored = latest(id).path("data");
    ObjectNode expected = data("kit", "delta", "title", "t", "body", "B", "tag", null);
    expect(expected.equals(stored), "after a delta of body and tag the record is " + stored + ", expected " + expected);
    return "columns left out keep their values; null is a value";
  }

  private String tombstonePulled() throws Exception {
    String id = newId();
    long v1 = applied(push(insert(entity, id, data("kit", "tombstone"))), "insert");
    String offline = endCursor();
    long v2 = applied(push(delete(entity, id, v1)), "delete");
    List<JsonNode> changes = pullAll(offline, id);
    expect(changes.size() == 1, "after a delete, a pull from before it returned " + changes.size() + " changes of the record: " + changes);
    JsonNode change = changes.get(0);
    expect("delete".equals(text(change, "op")), "the deleted record was pulled as " + change);
    expect(change.path("version").asLong(-1) == v2, "the delete was pulled at version " + change.get("version") + ", applied as " + v2);
    return "the delete comes as op delete with its version";
  }

  private String tombstoneForNewDevice() throws Exception {
    String id = newId();
    long v1 = applied(push(insert(entity, id, data("kit", "new-device"))), "insert");
    applied(push(delete(entity, id, v1)), "delete");
    List<JsonNode> changes = pullAll(null, id);
    expect(changes.size() == 1 && "delete".equals(text(changes.get(0), "op")),
        "a device pulling from the start got " + changes + " for a deleted record; it must get the delete");
    return "a pull from the start includes the tombstone";
  }

  private String updateOfTombstone() throws Exception {
    String id = newId();
    long v1 = applied(push(insert(entity, id, data("kit", "gone"))), "insert");
    long v2 = applied(push(delete(entity, id, v1)), "delete");
    JsonNode conflict = push(update(entity, id, data("title", "edit"), v1));
    expect("conflict".equals(text(conflict, "status")) && conflict.has("record") && conflict.get("record").isNull()
        && conflict.path("version").asLong(-1) == v2,
        "an update of a deleted record was answered " + conflict + ", not a conflict with record null at version " + v2);
    return "conflict with record null";
  }

  private String cursorPages() throws Exception {
    String since = endCursor();
    List<String> ids = new ArrayList<>();
    List<ObjectNode> ops = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(newId());
      ops.add(insert(entity, ids.get(i), data("kit", "pages", "i", i)));
    }
    Answer push = client.push(device, ops);
    expectStatus(push, 200, "push of 5 inserts");
    List<String> seen = new ArrayList<>();
    String cursor = since;
    for (int page = 0; page < 20; page++) {
      Answer pull = client.pull(device, cursor, 2);
      expectStatus(pull, 200, "pull");
      JsonNode changes = pull.body().path("changes");
      expect(changes.size() <= 2, "a pull with limit 2 returned " + changes.size() + " changes");
      for (JsonNode c : changes) if (entity.equals(text(c, "entity"))) seen.add(text(c, "recordId"));
      expect(pull.body().path("cursor").isString(), "the pull returned no cursor: " + pull.raw());
      cursor = pull.body().get("cursor").asString();
      if (!pull.body().path("hasMore").asBoolean(false)) {
        expect(seen.equals(ids), "pages of 2 gave " + seen + ", pushed in the order " + ids);
        Answer after = client.pull(device, cursor, 2);
        expect(after.body().path("changes").isEmpty() && !after.body().path("hasMore").asBoolean(true),
            "a pull after the last page returned " + after.raw());
        return "5 changes in pages of 2, oldest first, each once; hasMore false at the end";
      }
    }
    throw new Failed("hasMore stayed true for 20 pages of 2 after 5 changes");
  }

  private String compressedBodies() throws Exception {
    for (Encoding encoding : List.of(Encoding.GZIP, Encoding.DEFLATE)) {
      String id = newId();
      byte[] body = ProtocolClient.bytes(batch(insert(entity, id, data("kit", encoding.name()))));
      Answer answer = client.post("push", body, encoding, ProtocolClient.protocolHeader());
      expectStatus(answer, 200, encoding + " push");
      expect(latest(id) != null, "the " + encoding + " push was answered 200 but not stored");
    }
    return "gzip and deflate bodies applied";
  }

  private String unknownEncoding() throws Exception {
    Map<String, String> headers = ProtocolClient.protocolHeader();
    headers.put("content-encoding", "br");
    Answer answer = client.post("push", ProtocolClient.bytes(batch(insert(entity, newId(), data("kit", "br")))), Encoding.PLAIN, headers);
    expectStatus(answer, 415, "a push with content-encoding br");
    return "415";
  }

  private String malformedJson() throws Exception {
    Answer answer = client.post("push", "{\"operations\": [".getBytes(StandardCharsets.UTF_8), Encoding.PLAIN, ProtocolClient.protocolHeader());
    expectStatus(answer, 400, "a push body that is not JSON");
    expect(answer.body() != null, "the 400 has no JSON body: " + answer.raw());
    return "400 with a JSON body";
  }

  private String isolationPull() throws Exception {
    if (other == null) throw new Skipped("needs a second user's token (--other-token)");
    String id = newId();
    applied(push(insert(entity, id, data("kit", "private"))), "insert");
    List<JsonNode> leaked = pullAll(other, null, null);
    expect(leaked.isEmpty(), "the other user pulled " + leaked.size() + " of this user's records, e.g. " + (leaked.isEmpty() ? "" : leaked.get(0)));
    return "the other user pulls none of this user's records";
  }

  private String isolationPush() throws Exception {
    if (other == null) throw new Skipped("needs a second user's token (--other-token)");
    String id = newId();
    long v1 = applied(push(insert(entity, id, data("kit", "mine", "title", "mine"))), "insert");
    Answer answer = other.push("other-device", List.of(update(entity, id, data("title", "theirs"), v1), delete(entity, id, v1)));
    expectStatus(answer, 200, "the other user's push");
    for (JsonNode result : answer.body().path("results")) {
      expect("rejected".equals(text(result, "status")), "the other user's change of this user's record was answered " + result + ", not rejected");
    }
    JsonNode record = latest(id);
    expect(record != null && "mine".equals(record.path("data").path("title").asString()) && record.path("version").asLong() == v1,
        "after the other user's push the record is " + record);
    return "the other user's update and delete are rejected; the record is unchanged";
  }

  // ---- helpers ----

  private String newId() {
    return entity + "-" + (++records) + "-" + UUID.randomUUID();
  }

  private ObjectNode batch(ObjectNode op) {
    ObjectNode body = dev.driftsmith.syncserver.JsonSupport.MAPPER.createObjectNode().put("clientId", device);
    body.putArray("operations").add(op);
    return body;
  }

  /** Pushes one operation and returns its result. */
  private JsonNode push(ObjectNode op) throws Exception {
    Answer answer = client.push(device, List.of(op));
    expectStatus(answer, 200, op.path("op").asString() + " push");
    JsonNode results = answer.body().path("results");
    expect(results.size() == 1 && op.path("opId").asString().equals(text(results.get(0), "opId")),
        "the push of one operation was answered " + answer.raw());
    return results.get(0);
  }

  private long applied(JsonNode result, String what) throws Failed {
    expect("applied".equals(text(result, "status")) && result.path("version").canConvertToLong(),
        what + " was answered " + result + ", not applied with a version");
    return result.get("version").asLong();
  }

  /** The record's change in a pull from the start (null when there is none). */
  private JsonNode latest(String id) throws Exception {
    List<JsonNode> changes = changesOf(id);
    return changes.isEmpty() ? null : changes.get(changes.size() - 1);
  }

  private List<JsonNode> changesOf(String id) throws Exception {
    return pullAll(null, id);
  }

  private List<JsonNode> pullAll(String cursor, String id) throws Exception {
    return pullAll(client, cursor, id);
  }

  /** Every change of this run's entity after {@code cursor} ({@code id}: of that record only). */
  private List<JsonNode> pullAll(ProtocolClient as, String cursor, String id) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    for (int page = 0; page < MAX_PAGES; page++) {
      Answer pull = as.pull(device, cursor, PAGE);
      expectStatus(pull, 200, "pull");
      for (JsonNode c : pull.body().path("changes")) {
        if (entity.equals(text(c, "entity")) && (id == null || id.equals(text(c, "recordId")))) found.add(c);
      }
      JsonNode next = pull.body().get("cursor");
      if (!pull.body().path("hasMore").asBoolean(false)) return found;
      expect(next != null && next.isString(), "a pull with hasMore true returned no cursor");
      cursor = next.asString();
    }
    throw new Failed("the user's stream did not end within " + MAX_PAGES + " pages of " + PAGE + "; run the kit with a user of its own");
  }

  /** The cursor after everything this user has now. */
  private String endCursor() throws Exception {
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      Answer pull = client.pull(device, cursor, PAGE);
      expectStatus(pull, 200, "pull");
      cursor = pull.body().path("cursor").isString() ? pull.body().get("cursor").asString() : cursor;
      if (!pull.body().path("hasMore").asBoolean(false)) return cursor;
    }
    throw new Failed("the user's stream did not end within " + MAX_PAGES + " pages");
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isString() ? value.asString() : null;
  }

  private static void expectStatus(Answer answer, int status, String what) throws Failed {
    if (answer.status() != status) {
      String body = answer.raw().length() > 300 ? answer.raw().substring(0, 300) + "…" : answer.raw();
      throw new Failed(what + " answered HTTP " + answer.status() + ", expected " + status + ": " + body);
    }
  }

  private static void expect(boolean condition, String failure) throws Failed {
    if (!condition) throw new Failed(failure);
  }
}
