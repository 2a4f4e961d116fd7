package dev.driftsmith.mcp;

import dev.driftsmith.input.Args;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** JSON-RPC 2.0 error codes and the messages our transports write themselves. */
final class JsonRpc {
  private JsonRpc() {}

  /** The codes JSON-RPC defines, plus one from its server range for requests sent too early. */
  enum ErrorCode {
    PARSE_ERROR(-32700),
    INVALID_REQUEST(-32600),
    METHOD_NOT_FOUND(-32601),
    INVALID_PARAMS(-32602),
    INTERNAL_ERROR(-32603),
    /** A request before the initialize handshake finished (the code LSP uses for the same case). */
    NOT_INITIALIZED(-32002);

    final int code;

    ErrorCode(int code) {
      this.code = code;
    }

    /** The JSON-RPC code for a failed HTTP request that never reached MCP. */
    static ErrorCode forHttpStatus(int status) {
      return status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
    }
  }

  /** An error response; {@code id} is null when the request's id could not be read. */
  static ObjectNode error(JsonNode id, ErrorCode code, String message) {
    return error(id, code.code, message);
  }

  static ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode error = JsonNodeFactory.instance.objectNode().put("code", code).put("message", message);
    return envelope(id).set("error", error);
  }

  /** A successful response with an empty result (what ping returns). */
  static ObjectNode emptyResult(JsonNode id) {
    return envelope(id).set("result", JsonNodeFactory.instance.objectNode());
  }

  /**
   * {@code text} as a JSON string, escaped as the SDK's Jackson writes it, for the answers written
   * from templates without the object mapper.
   */
  static String quoted(String text) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsCharArray(text)) + "\"";
  }

  static String text(JsonNode message) {
    return Args.JSON.writeValueAsString(message);
  }

  private static ObjectNode envelope(JsonNode id) {
    ObjectNode node = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
    node.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
    return node;
  }
}
