package dev.driftsmith.mcp;

import static dev.driftsmith.mcp.JsonRpc.quoted;

import java.util.List;

/**
 * The stdio front's own answer to the first {@code initialize}, written before the SDK's server
 * exists. The answer is a constant apart from the id and the protocol version, yet the SDK can only
 * give it once its server is built, which (Reactor, the tools, Jackson's serializers, all run for
 * the first time) was most of a cold start. So it is written here from a template, each value
 * through Jackson's JSON string escaper, the members in the SDK's order (a test holds the bytes
 * equal to the SDK's). The request still goes to the SDK, which must see it to serve the session,
 * under {@link #FORWARDED_ID}; {@link SdkOutput} drops the SDK's answer to that id, so the client
 * gets one answer.
 */
final class EarlyInitialize {
  private EarlyInitialize() {}

  /** The id under which the first initialize reaches the SDK. */
  static final String FORWARDED_ID = "dev.driftsmith/initialize";
  /** {@link #FORWARDED_ID} as a JSON string. */
  static final String FORWARDED_ID_JSON = quoted(FORWARDED_ID);

  /** The versions the SDK's stdio transport speaks, oldest first (as the SDK lists them). */
  static final List<String> PROTOCOL_VERSIONS = List.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");

  /** What follows the protocol version: the same for every session of this build. */
  private static final String REST = ",\"capabilities\":{\"logging\":{},\"tools\":{\"listChanged\":false}},"
      + "\"serverInfo\":{\"name\":" + quoted(McpServerFactory.SERVER_NAME) + ",\"version\":" + quoted(McpServerFactory.VERSION)
      + "},\"instructions\":" + quoted(McpServerFactory.INSTRUCTIONS) + "}}";

  /**
   * The answer line (without its newline) to an initialize with id {@code idJson} (as
   * {@link PlainMessage#id()} gives it) that asks for protocol version {@code requested}.
   */
  static String answer(String idJson, String requested) {
    // As the SDK does: the client's version when we speak it, else the newest we speak.
    String version = PROTOCOL_VERSIONS.contains(requested) ? requested : PROTOCOL_VERSIONS.get(PROTOCOL_VERSIONS.size() - 1);
    return "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"result\":{\"protocolVersion\":" + quoted(version) + REST;
  }
}
