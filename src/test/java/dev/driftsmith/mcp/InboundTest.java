package dev.driftsmith.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every kind of malformed message gets the answer JSON-RPC prescribes; well-formed ones pass. */
class InboundTest {
  @Test
  void wellFormedMessagesPass() {
    var request = assertInstanceOf(Inbound.Request.class, Inbound.read("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}"));
    assertEquals("ping", request.method());
    assertEquals(7, request.id().asInt());
    var named = assertInstanceOf(Inbound.Request.class,
        Inbound.read("{\"jsonrpc\":\"2.0\",\"id\":\"a-1\",\"method\":\"tools/list\",\"params\":{}}"));
    assertEquals("a-1", named.id().stringValue());
    var notification = assertInstanceOf(Inbound.Notification.class,
        Inbound.read("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
    assertEquals("notifications/initialized", notification.method());
    assertInstanceOf(Inbound.Response.class, Inbound.read("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}"));
    assertInstanceOf(Inbound.Response.class,
        Inbound.read("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-1,\"message\":\"no\"}}"));
  }

  @Test
  void notJsonIsAParseError() {
    assertAnswer("this is not json", null, -32700, "parse error: the message is not valid JSON");
    assertAnswer("{\"jsonrpc\":\"2.0\",\"id\":1,", null, -32700, "parse error");
  }

  @Test
  void badIdsAreInvalidRequestsWithIdNull() {
    assertAnswer("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}", null, -32600,
        "id: must be a string or an integer, not null (MCP does not allow null ids)");
    assertAnswer("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}", null, -32600, "id: must be a string or an integer, not an object");
    assertAnswer("{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"ping\"}", null, -32600, "id: must be a string or an integer, not an array");
    assertAnswer("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}", null, -32600, "id: must be a string or an integer, not 1.5");
    assertAnswer("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}", null, -32600, "id: must be a string or an integer, not true");
  }

  @Test
  void batchesAndNonObjectsAreInvalidRequests() {
    assertAnswer("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", null, -32600, "batches (JSON arrays) are not supported");
    assertAnswer("[]", null, -32600, "batches");
    assertAnswer("\"ping\"", null, -32600, "a message must be a JSON object, not \"ping\"");
    assertAnswer("42", null, -32600, "a message must be a JSON object, not 42");
  }

  @Test
  void aRequestWithAGoodIdKeepsItInTheAnswer() {
    assertAnswer("{\"jsonrpc\":\"1.0\",\"id\":5,\"method\":\"ping\"}", 5, -32600, "jsonrpc: must be \"2.0\", not \"1.0\"");
    assertAnswer("{\"id\":5,\"method\":\"ping\"}", 5, -32600, "jsonrpc: must be \"2.0\", not missing");
    assertAnswer("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":7}", 5, -32600, "method: must be a string, not 7");
    assertAnswer("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\",\"result\":{}}", 5, -32600, "cannot also carry result or error");
    assertAnswer("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\",\"params\":[1]}", 5, -32602, "params: must be an object, not an array");
    assertAnswer("{\"jsonrpc\":\"2.0\",\"id\":5}", 5, -32600, "neither a request");
    assertAnswer("{\"foo\":1}", null, -32600, "neither a request");
  }

  @Test
  void brokenResponsesAndNotificationsAreIgnored() {
    assertIgnored("{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{},\"error\":{\"code\":1,\"message\":\"x\"}}", "both result and error");
    assertIgnored("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1,\"message\":\"x\"}}", "id: must be a string or an integer, not missing");
    assertIgnored("{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":{}}", "not null");
    assertIgnored("{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"message\":\"x\"}}", "error.code: must be an integer");
    assertIgnored("{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":\"x\"}", "error: must be an object");
    assertIgnored("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\",\"params\":3}", "a notification: params: must be an object");
    assertIgnored("{\"method\":\"notifications/x\"}", "a notification: jsonrpc");
  }

  private static void assertAnswer(String text, Integer id, int code, String message) {
    Inbound read = Inbound.read(text);
    var invalid = assertInstanceOf(Inbound.Invalid.class, read, () -> text + " was read as " + read);
    JsonNode answer = invalid.answer();
    assertEquals("2.0", answer.path("jsonrpc").asString(), answer::toString);
    if (id == null) assertTrue(answer.get("id").isNull(), answer::toString);
    else assertEquals(id.intValue(), answer.get("id").asInt(), answer::toString);
    assertEquals(code, answer.path("error").path("code").asInt(), answer::toString);
    assertTrue(answer.path("error").path("message").asString().startsWith(message)
        || answer.path("error").path("message").asString().contains(message), answer::toString);
    assertTrue(!answer.has("result"), answer::toString);
  }

  private static void assertIgnored(String text, String reason) {
    Inbound read = Inbound.read(text);
    var ignored = assertInstanceOf(Inbound.Ignored.class, read, () -> text + " was read as " + read);
    assertTrue(ignored.reason().contains(reason), ignored::reason);
  }
}
