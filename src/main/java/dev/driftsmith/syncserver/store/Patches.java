package dev.driftsmith.syncserver.store;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import dev.driftsmith.syncserver.JsonSupport;

/** How an update's data lands on the stored record. */
final class Patches {
  private Patches() {}

  /** The column that versioned tables carry; as a vector clock it is text holding a JSON object. */
  static final String VERSION_COLUMN = "version";

  /**
   * The stored record with every column of {@code delta} set to the delta's value (null included:
   * a column set to null is a change). Columns the delta leaves out keep their value. This is not
   * RFC 7396 JSON merge patch (SQLite's json_patch), which would delete a column set to null.
   */
  static ObjectNode apply(ObjectNode stored, ObjectNode delta) {
    ObjectNode merged = stored.deepCopy();
    for (Map.Entry<String, JsonNode> column : delta.properties()) merged.set(column.getKey(), column.getValue());
    return keepClockMaximum(stored, merged);
  }

  /**
   * {@code incoming}, except that when the stored record and it both hold a vector clock in
   * {@code version}, the result holds their element-wise maximum: a device that wins with a clock
   * that never saw another device's edits must not make those edits look unseen.
   */
  static ObjectNode keepClockMaximum(ObjectNode stored, ObjectNode incoming) {
    ObjectNode ours = clock(stored.get(VERSION_COLUMN));
    ObjectNode theirs = clock(incoming.get(VERSION_COLUMN));
    if (ours == null || theirs == null) return incoming;
    ObjectNode max = theirs.deepCopy();
    for (Map.Entry<String, JsonNode> node : ours.properties()) {
      JsonNode other = max.get(node.getKey());
      if (other == null || other.longValue() < node.getValue().longValue()) max.set(node.getKey(), node.getValue());
    }
    ObjectNode result = incoming.deepCopy();
    result.put(VERSION_COLUMN, JsonSupport.MAPPER.writeValueAsString(max));
    return result;
  }

  /** A vector clock: text holding a JSON object of node id → non-negative whole counter; else null. */
  static ObjectNode clock(JsonNode value) {
    if (value == null || !value.isString()) return null;
    JsonNode parsed;
    try {
      parsed = JsonSupport.MAPPER.readTree(value.stringValue());
    } catch (JacksonException e) {
      return null;
    }
    if (!(parsed instanceof ObjectNode object) || object.isEmpty()) return null;
    for (Map.Entry<String, JsonNode> node : object.properties()) {
      JsonNode counter = node.getValue();
      if (!counter.isIntegralNumber() || !counter.canConvertToLong() || counter.longValue() < 0) return null;
    }
    return object;
  }
}
