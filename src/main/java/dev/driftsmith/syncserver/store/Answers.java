package dev.driftsmith.syncserver.store;

import dev.driftsmith.syncserver.JsonSupport;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A push answer as JSON: on the wire, and as stored for op ids already answered. */
public final class Answers {
  private Answers() {}

  public static ObjectNode toJson(PushResult result) {
    ObjectNode json = JsonSupport.MAPPER.createObjectNode();
    json.put("opId", result.opId());
    json.put("status", result.status().wire());
    if (result.version() != null) json.put("version", result.version());
    if (result.status() == Status.CONFLICT) json.set("record", result.record());
    if (result.reason() != null) json.put("reason", result.reason());
    return json;
  }

  /** Reads back what {@link #toJson} stored. */
  static PushResult fromJson(String text) {
    JsonNode json = JsonSupport.MAPPER.readTree(text);
    Status status = Status.valueOf(json.get("status").stringValue().toUpperCase(Locale.ROOT));
    JsonNode version = json.get("version");
    JsonNode record = json.get("record");
    JsonNode reason = json.get("reason");
    return new PushResult(json.get("opId").stringValue(), status, version == null ? null : version.longValue(),
        record instanceof ObjectNode object ? object : null, reason == null ? null : reason.stringValue());
  }
}
