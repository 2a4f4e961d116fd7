package dev.driftsmith.mcp;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stdio front's own answer to the first {@code initialize}, written before the SDK's server
 * exists. The answer is a constant apart from the protocol version, yet the SDK can only give it
 * once its server is built, which (Reactor, the tools, Jackson's serializers, all run for the first
 * time) was most of a cold start. The request still goes to the SDK, which must see it to serve the
 * session, under {@link #FORWARDED_ID}; {@link SdkOutput} drops the SDK's answer to that id, so the
 * client gets one answer. Tests hold this answer equal to the SDK's own.
 */
final class EarlyInitialize {
  private EarlyInitialize() {}

  /** The id under which the first initialize reaches the SDK. */
  static final String FORWARDED_ID = "dev.driftsmith/initialize";

  /** The versions the SDK's stdio transport speaks, oldest first (as the SDK lists them). */
  static final List<String> PROTOCOL_VERSIONS = List.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");

  /**
   * The answer to {@code request}, or null when its params are not the plain shape the SDK reads
   * (then the SDK answers, as it would have).
   */
  static ObjectNode answer(Inbound.Request request) {
    JsonNode params = request.message().get("params");
    if (params == null || !params.isObject() || !params.path("protocolVersion").isString()
        || !objectOrAbsent(params.get("capabilities")) || !objectOrAbsent(params.get("clientInfo"))) {
      return null;
    }
    String requested = params.get("protocolVersion").stringValue();
    // As the SDK does: the client's version when we speak it, else the newest we speak.
    String version = PROTOCOL_VERSIONS.contains(requested) ? requested : PROTOCOL_VERSIONS.get(PROTOCOL_VERSIONS.size() - 1);
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode capabilities = nodes.objectNode();
    capabilities.putObject("logging");
    capabilities.putObject("tools").put("listChanged", false);
    ObjectNode result = nodes.objectNode().put("protocolVersion", version);
    result.set("capabilities", capabilities);
    result.putObject("serverInfo").put("name", McpServerFactory.SERVER_NAME).put("version", McpServerFactory.VERSION);
    result.put("instructions", McpServerFactory.INSTRUCTIONS);
    ObjectNode answer = nodes.objectNode().put("jsonrpc", "2.0");
    answer.set("id", request.id());
    return answer.set("result", result);
  }

  /** The request as the SDK gets it: under {@link #FORWARDED_ID}, whose answer is dropped. */
  static ObjectNode forwarded(Inbound.Request request) {
    return request.message().deepCopy().put("id", FORWARDED_ID);
  }

  private static boolean objectOrAbsent(JsonNode node) {
    return node == null || node.isObject();
  }
}
