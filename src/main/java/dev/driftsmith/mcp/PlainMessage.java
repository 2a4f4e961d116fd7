package dev.driftsmith.mcp;

import java.util.HashSet;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * A message of the plain shape every client starts a session with, read by Jackson's streaming
 * parser alone: {@link Inbound} builds a tree with Jackson's object mapper, whose first use costs
 * about a tenth of a second of CPU (its date formats pull in the JDK's locale data), which the
 * answers to {@code initialize} and {@code tools/list} should not wait for.
 *
 * <p>Plain means: one JSON object with no member but {@code jsonrpc} ("2.0"), {@code method} (a
 * string), {@code id} (a string, or an integer that fits a long) and {@code params} (an object),
 * none twice, nothing after it, and no carriage return in it. Such a message is one {@link Inbound#read} takes as a
 * {@link Inbound.Request} or {@link Inbound.Notification} with the same method, id and params; any
 * other line is not plain ({@link #read} returns null) and takes the full path.
 *
 * @param method the method
 * @param id the id as the SDK writes it back (a JSON string through Jackson's escaper, or the
 *     integer's digits); null for a notification
 * @param idStart where the id's text starts in the line, -1 for a notification
 * @param idEnd where the id's text ends in the line
 * @param initialize the params of an initialize request as far as the answer needs them, or null
 *     (another method, or params the SDK might not read: then the SDK answers)
 */
record PlainMessage(String method, String id, int idStart, int idEnd, InitializeParams initialize) {
  private static final JsonFactory JSON = new JsonFactory();

  /** What an initialize answer depends on: the version the client asked for. */
  record InitializeParams(String protocolVersion) {}

  boolean isRequest() {
    return id != null;
  }

  /** {@code line}, the message this was read from, with its id replaced by {@code idJson}. */
  String withId(String line, String idJson) {
    return line.substring(0, idStart) + idJson + line.substring(idEnd);
  }

  /** The message in {@code line} if it has the plain shape, else null. */
  static PlainMessage read(String line) {
    // A carriage return is JSON whitespace, but the SDK reads lines and would end one there: a line
    // that holds one goes the full path, which passes on the message re-written without it.
    if (line.indexOf('\r') >= 0) return null;
    try (JsonParser parser = JSON.createParser(line)) {
      return read(parser);
    } catch (JacksonException e) {
      return null;
    }
  }

  private static PlainMessage read(JsonParser parser) {
    if (parser.nextToken() != JsonToken.START_OBJECT) return null;
    Set<String> seen = new HashSet<>();
    String jsonrpc = null;
    String method = null;
    String id = null;
    int idStart = -1;
    int idEnd = -1;
    InitializeParams initialize = null;
    boolean paramsRead = false;
    for (String name; (name = parser.nextName()) != null; ) {
      if (!seen.add(name)) return null;
      JsonToken value = parser.nextToken();
      boolean isString = value == JsonToken.VALUE_STRING;
      switch (name) {
        case "jsonrpc" -> {
          if (!isString) return null;
          jsonrpc = parser.getString();
        }
        case "method" -> {
          if (!isString) return null;
          method = parser.getString();
        }
        case "id" -> {
          idStart = (int) parser.currentTokenLocation().getCharOffset();
          id = idText(parser, value);
          idEnd = (int) parser.currentLocation().getCharOffset();
          if (id == null) return null;
        }
        case "params" -> {
          if (value != JsonToken.START_OBJECT) return null;
          paramsRead = true;
          initialize = initializeParams(parser);
        }
        default -> {
          return null;
        }
      }
    }
    if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) return null;
    if (!"2.0".equals(jsonrpc) || method == null) return null;
    boolean isInitialize = method.equals("initialize") && id != null;
    return new PlainMessage(method, id, idStart, idEnd, isInitialize && paramsRead ? initialize : null);
  }

  /** A string id through Jackson's escaper, an integer id as its digits; null for any other id. */
  private static String idText(JsonParser parser, JsonToken value) {
    if (value == JsonToken.VALUE_STRING) {
      return JsonRpc.quoted(parser.getString());
    }
    if (value == JsonToken.VALUE_NUMBER_INT && (parser.getNumberType() == JsonParser.NumberType.INT
        || parser.getNumberType() == JsonParser.NumberType.LONG)) {
      return Long.toString(parser.getLongValue());
    }
    return null;
  }

  /**
   * Reads a params object to its end; returns its protocol version when the object is one the
   * SDK's initialize reads as the front's answer assumes (a string protocolVersion; capabilities
   * and clientInfo objects, when there), else null.
   */
  private static InitializeParams initializeParams(JsonParser parser) {
    Set<String> seen = new HashSet<>();
    String version = null;
    boolean readable = true;
    for (String name; (name = parser.nextName()) != null; ) {
      JsonToken value = parser.nextToken();
      boolean known = name.equals("protocolVersion") || name.equals("capabilities") || name.equals("clientInfo");
      if (known && !seen.add(name)) readable = false;
      if (name.equals("protocolVersion")) {
        if (value == JsonToken.VALUE_STRING) version = parser.getString();
        else readable = false;
      } else if (known && value != JsonToken.START_OBJECT) {
        readable = false;
      }
      parser.skipChildren();
    }
    return readable && version != null ? new InitializeParams(version) : null;
  }
}
