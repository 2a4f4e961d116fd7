package dev.driftsmith.syncserver.http;

import dev.driftsmith.syncserver.JsonSupport;
import dev.driftsmith.syncserver.ServerLimits;
import dev.driftsmith.syncserver.store.Answers;
import dev.driftsmith.syncserver.store.Change;
import dev.driftsmith.syncserver.store.OpKind;
import dev.driftsmith.syncserver.store.Operation;
import dev.driftsmith.syncserver.store.PullPage;
import dev.driftsmith.syncserver.store.PushItem;
import dev.driftsmith.syncserver.store.PushResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Push and pull bodies as docs/sync-protocol.md defines them, read with field-first messages. */
final class WireFormat {
  private WireFormat() {}

  static final int MAX_ID_LENGTH = 512;
  static final int MAX_NAME_LENGTH = 128;

  record PushRequest(String clientId, List<PushItem> items) {}

  record PullRequest(String clientId, long after, int limit) {}

  static PushRequest push(byte[] body, ServerLimits limits) throws HttpError {
    ObjectNode json = object(body, "clientId and operations");
    String clientId = clientId(json);
    JsonNode operations = json.get("operations");
    if (!(operations instanceof ArrayNode list)) {
      throw new HttpError(400, "operations: " + (operations == null ? "missing" : "must be a list") + "; send {\"clientId\": …, \"operations\": [...]}");
    }
    if (list.size() > limits.maxOperations()) {
      throw new HttpError(413, "operations: " + list.size() + " operations; this server takes at most "
          + limits.maxOperations() + " per push (--max-operations); send smaller batches");
    }
    List<PushItem> items = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) items.add(item(list.get(i), "operations[" + i + "]"));
    return new PushRequest(clientId, items);
  }

  static PullRequest pull(byte[] body, ServerLimits limits) throws HttpError {
    ObjectNode json = object(body, "clientId, cursor and limit");
    String clientId = clientId(json);
    JsonNode cursor = json.get("cursor");
    if (cursor != null && !cursor.isNull() && !cursor.isString()) throw new HttpError(400, "cursor: must be a string or null");
    long after = Cursors.read(cursor == null || cursor.isNull() ? null : cursor.stringValue());
    JsonNode limit = json.get("limit");
    int pageSize = ServerLimits.DEFAULT_PULL_LIMIT;
    if (limit != null && !limit.isNull()) {
      if (!limit.isIntegralNumber() || !limit.canConvertToLong() || limit.longValue() < 1) {
        throw new HttpError(400, "limit: " + limit + " is not a whole number of at least 1");
      }
      // A page larger than the server's bound is cut to it: the answer still holds "at most limit"
      // changes and says hasMore, where a refusal would stop every pull of that app for good.
      pageSize = (int) Math.min(limit.longValue(), limits.maxPullLimit());
    }
    return new PullRequest(clientId, after, pageSize);
  }

  private static ObjectNode object(byte[] body, String expected) throws HttpError {
    JsonNode json;
    try {
      json = JsonSupport.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw new HttpError(400, "body: not JSON (" + e.getOriginalMessage() + ")");
    }
    if (!(json instanceof ObjectNode object)) throw new HttpError(400, "body: must be a JSON object with " + expected);
    return object;
  }

  private static String clientId(ObjectNode json) throws HttpError {
    JsonNode id = json.get("clientId");
    if (id == null || id.isNull()) return null;
    if (!id.isString() || id.stringValue().length() > MAX_ID_LENGTH) {
      throw new HttpError(400, "clientId: must be a string of at most " + MAX_ID_LENGTH + " characters");
    }
    return id.stringValue();
  }

  /** Without a usable op id nothing can be answered for the entry: the batch is refused (400). */
  private static PushItem item(JsonNode node, String path) throws HttpError {
    if (!(node instanceof ObjectNode op)) throw new HttpError(400, path + ": must be an object");
    JsonNode opId = op.get("opId");
    if (opId == null || !opId.isString() || opId.stringValue().isEmpty() || opId.stringValue().length() > MAX_NAME_LENGTH) {
      throw new HttpError(400, path + ".opId: " + (opId == null ? "missing" : opId + " is not a string of 1 to " + MAX_NAME_LENGTH
          + " characters") + "; every operation needs its unique opId");
    }
    String id = opId.stringValue();
    Optional<String> problem = problem(op);
    if (problem.isPresent()) return new PushItem.Malformed(id, problem.get());
    JsonNode base = op.get("baseVersion");
    JsonNode data = op.get("data");
    return new PushItem.Valid(new Operation(id, op.get("entity").stringValue(), op.get("recordId").stringValue(),
        OpKind.fromWire(op.get("op").stringValue()).orElseThrow(),
        data instanceof ObjectNode object ? object : null, base == null || base.isNull() ? null : base.longValue()));
  }

  /** What is wrong with an operation that has an op id, as the reason of its rejection. */
  private static Optional<String> problem(ObjectNode op) {
    String entity = text(op.get("entity"));
    if (entity == null || entity.isEmpty() || entity.length() > MAX_NAME_LENGTH) {
      return Optional.of("entity: must be the table's name, a string of 1 to " + MAX_NAME_LENGTH + " characters");
    }
    String recordId = text(op.get("recordId"));
    if (recordId == null || recordId.isEmpty() || recordId.length() > MAX_ID_LENGTH) {
      return Optional.of("recordId: must be the record's global id, a string of 1 to " + MAX_ID_LENGTH + " characters");
    }
    String kind = text(op.get("op"));
    Optional<OpKind> opKind = kind == null ? Optional.empty() : OpKind.fromWire(kind);
    if (opKind.isEmpty()) return Optional.of("op: " + op.get("op") + " is not insert, update or delete");
    JsonNode data = op.get("data");
    boolean hasData = data != null && !data.isNull();
    if (opKind.get() == OpKind.DELETE && hasData) return Optional.of("data: a delete carries no data; send null");
    if (opKind.get() != OpKind.DELETE && !(data instanceof ObjectNode)) {
      return Optional.of("data: an " + opKind.get().wire() + " needs the record's columns as a JSON object");
    }
    JsonNode base = op.get("baseVersion");
    if (base != null && !base.isNull() && (!base.isIntegralNumber() || !base.canConvertToLong() || base.longValue() < 0)) {
      return Optional.of("baseVersion: " + base + " is not a server version (a whole number of at least 0) or null");
    }
    return Optional.empty();
  }

  private static String text(JsonNode node) {
    return node != null && node.isString() ? node.stringValue() : null;
  }

  static ObjectNode pushResponse(List<PushResult> results) {
    ObjectNode json = JsonSupport.MAPPER.createObjectNode();
    ArrayNode list = json.putArray("results");
    for (PushResult result : results) list.add(Answers.toJson(result));
    return json;
  }

  static ObjectNode pullResponse(PullPage page) {
    ObjectNode json = JsonSupport.MAPPER.createObjectNode();
    ArrayNode list = json.putArray("changes");
    for (Change change : page.changes()) {
      ObjectNode c = list.addObject();
      c.put("entity", change.entity());
      c.put("recordId", change.recordId());
      c.put("op", change.deleted() ? "delete" : "upsert");
      if (!change.deleted()) c.set("data", change.data());
      c.put("version", change.version());
    }
    json.put("cursor", Cursors.write(page.last()));
    json.put("hasMore", page.hasMore());
    return json;
  }
}
