package dev.driftsmith.mcp;

import dev.driftsmith.input.Args;
import dev.driftsmith.mcp.JsonRpc.ErrorCode;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One message from the client, read and checked before the SDK sees it: the SDK ends a stdio
 * session for good at the first message it cannot read, and answers HTTP with a serialised Java
 * exception. A well-formed message comes out as a {@link Request}, {@link Notification} or
 * {@link Response}; a broken request as {@link Invalid}, holding the JSON-RPC error to answer; a
 * broken response or notification as {@link Ignored}, since JSON-RPC allows no answer to those.
 */
sealed interface Inbound {
  record Request(JsonNode id, String method, ObjectNode message) implements Inbound {
    /** The request's params object, created when the request had none. */
    ObjectNode params() {
      JsonNode params = message.get("params");
      return params instanceof ObjectNode object ? object : message.putObject("params");
    }
  }

  record Notification(String method, ObjectNode message) implements Inbound {}

  record Response(ObjectNode message) implements Inbound {}

  record Invalid(ObjectNode answer) implements Inbound {}

  record Ignored(String reason) implements Inbound {}

  static Inbound read(String text) {
    JsonNode node;
    try {
      node = Args.JSON.readTree(text);
    } catch (JacksonException e) {
      return invalid(null, ErrorCode.PARSE_ERROR, "parse error: the message is not valid JSON ("
          + e.getOriginalMessage() + "); send one JSON-RPC object per message");
    }
    if (node == null || node.isMissingNode()) {
      return invalid(null, ErrorCode.PARSE_ERROR,
          "parse error: the message is empty; send one JSON-RPC object per message");
    }
    if (node.isArray()) {
      return invalid(null, ErrorCode.INVALID_REQUEST, "batches (JSON arrays) are not supported: MCP removed "
          + "JSON-RPC batching in protocol version 2025-06-18; send each message on its own");
    }
    if (!(node instanceof ObjectNode message)) {
      return invalid(null, ErrorCode.INVALID_REQUEST, "a message must be a JSON object, not " + describe(node));
    }
    if (message.has("method")) return message.has("id") ? request(message) : notification(message);
    if (message.has("result") || message.has("error")) return response(message);
    return invalid(validId(message.get("id")) ? message.get("id") : null, ErrorCode.INVALID_REQUEST,
        "the message is neither a request (it has no method) nor a response (no result or error)");
  }

  private static Inbound request(ObjectNode message) {
    JsonNode id = message.get("id");
    if (!validId(id)) {
      return invalid(null, ErrorCode.INVALID_REQUEST, "id: must be a string or an integer, not " + describe(id)
          + (id.isNull() ? " (MCP does not allow null ids)" : ""));
    }
    String problem = envelopeProblem(message);
    if (problem == null && (message.has("result") || message.has("error"))) {
      problem = "a request (it has a method) cannot also carry result or error";
    }
    if (problem != null) return invalid(id, ErrorCode.INVALID_REQUEST, problem);
    if (message.has("params") && !message.get("params").isObject()) {
      return invalid(id, ErrorCode.INVALID_PARAMS, "params: must be an object, not " + describe(message.get("params")));
    }
    return new Request(id, message.get("method").stringValue(), message);
  }

  private static Inbound notification(ObjectNode message) {
    String problem = envelopeProblem(message);
    if (problem == null && message.has("params") && !message.get("params").isObject()) {
      problem = "params: must be an object, not " + describe(message.get("params"));
    }
    return problem == null ? new Notification(message.get("method").stringValue(), message)
        : new Ignored("a notification: " + problem);
  }

  private static Inbound response(ObjectNode message) {
    String problem = jsonrpcProblem(message);
    if (problem == null && !validId(message.get("id"))) {
      problem = "id: must be a string or an integer, not " + describe(message.get("id"));
    }
    if (problem == null && message.has("result") && message.has("error")) {
      problem = "it has both result and error";
    }
    if (problem == null && message.has("error")) problem = errorProblem(message.get("error"));
    return problem == null ? new Response(message) : new Ignored("a response: " + problem);
  }

  private static String envelopeProblem(ObjectNode message) {
    String problem = jsonrpcProblem(message);
    if (problem != null) return problem;
    return message.get("method").isString() ? null : "method: must be a string, not " + describe(message.get("method"));
  }

  private static String jsonrpcProblem(ObjectNode message) {
    JsonNode version = message.get("jsonrpc");
    return version != null && version.isString() && version.stringValue().equals("2.0") ? null
        : "jsonrpc: must be \"2.0\", not " + describe(version);
  }

  private static String errorProblem(JsonNode error) {
    if (!error.isObject()) return "error: must be an object, not " + describe(error);
    if (!error.path("code").isIntegralNumber()) return "error.code: must be an integer";
    if (!error.path("message").isString()) return "error.message: must be a string";
    return null;
  }

  /** MCP ids are strings or integers; JSON-RPC's null, and fractions, objects or arrays, are refused. */
  static boolean validId(JsonNode id) {
    return id != null && (id.isString() || (id.isIntegralNumber() && id.canConvertToLong()));
  }

  private static String describe(JsonNode node) {
    if (node == null) return "missing";
    if (node.isNull()) return "null";
    if (node.isObject()) return "an object";
    if (node.isArray()) return "an array";
    String text = node.toString();
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  private static Invalid invalid(JsonNode id, ErrorCode code, String message) {
    return new Invalid(JsonRpc.error(id, code, message));
  }
}
