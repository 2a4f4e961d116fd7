package dev.driftsmith.syncserver.conformance;

import dev.driftsmith.syncserver.JsonSupport;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/** Push operations as a device builds them. */
public final class Ops {
  private Ops() {}

  public static ObjectNode insert(String entity, String recordId, ObjectNode data) {
    return op(UUID.randomUUID().toString(), entity, recordId, "insert", data, null);
  }

  public static ObjectNode update(String entity, String recordId, ObjectNode data, Long baseVersion) {
    return op(UUID.randomUUID().toString(), entity, recordId, "update", data, baseVersion);
  }

  public static ObjectNode delete(String entity, String recordId, Long baseVersion) {
    return op(UUID.randomUUID().toString(), entity, recordId, "delete", null, baseVersion);
  }

  public static ObjectNode op(String opId, String entity, String recordId, String op, ObjectNode data, Long baseVersion) {
    ObjectNode json = JsonSupport.MAPPER.createObjectNode();
    json.put("opId", opId).put("entity", entity).put("recordId", recordId).put("op", op);
    json.set("data", data);
    if (baseVersion == null) json.putNull("baseVersion");
    else json.put("baseVersion", baseVersion);
    return json;
  }

  /** A JSON object from alternating keys and values (strings, numbers, booleans, null). */
  public static ObjectNode data(Object... keysAndValues) {
    ObjectNode json = JsonSupport.MAPPER.createObjectNode();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      String key = (String) keysAndValues[i];
      Object value = keysAndValues[i + 1];
      if (value == null) json.putNull(key);
      else if (value instanceof String s) json.put(key, s);
      else if (value instanceof Integer n) json.put(key, n);
      else if (value instanceof Long n) json.put(key, n);
      else if (value instanceof Boolean b) json.put(key, b);
      else if (value instanceof Double d) json.put(key, d);
      else throw new IllegalArgumentException("no JSON form for " + value.getClass());
    }
    return json;
  }
}
