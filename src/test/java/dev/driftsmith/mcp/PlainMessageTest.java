package dev.driftsmith.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.driftsmith.input.Args;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plain shape the front reads without Jackson's object mapper: every plain message is one the
 * full reader ({@link Inbound}) takes as the same request or notification, and anything in doubt is
 * left to the full reader.
 */
class PlainMessageTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}",
      "  { \"method\" : \"tools/list\" , \"id\" : \"a\\u0041\\\"b\" , \"jsonrpc\" : \"2.0\" }  ",
      "{\"jsonrpc\":\"2.0\",\"id\":-9223372036854775808,\"method\":\"tools/list\",\"params\":{\"cursor\":[1,{\"a\":null}]}}",
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\",\"params\":{}}"})
  void aPlainMessageIsTheRequestOrNotificationTheFullReaderSees(String line) {
    PlainMessage plain = PlainMessage.read(line);
    assertNotNull(plain, line);
    Inbound full = Inbound.read(line);
    if (plain.isRequest()) {
      Inbound.Request request = assertInstanceOf(Inbound.Request.class, full);
      assertEquals(request.method(), plain.method());
      assertEquals(request.id(), Args.JSON.readTree(plain.id()), "the id as the SDK writes it back");
      assertEquals(Args.JSON.readTree("\"x\""), Args.JSON.readTree(plain.withId(line, "\"x\"")).get("id"),
          "the id replaced, and only the id");
    } else {
      assertEquals(assertInstanceOf(Inbound.Notification.class, full).method(), plain.method());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"extra\":1}",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"tools/list\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/list\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":1.0,\"method\":\"tools/list\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":92233720368547758070,\"method\":\"tools/list\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"tools/list\"}",
      "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"tools/list\"}",
      "{\"jsonrpc\":{\"id\":1},\"method\":\"tools/list\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}",
      "{\"jsonrpc\":\"2.0\",\"id\":1}",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":[]}",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"} {}",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"",
      "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}]",
      "{\"jsonrpc\":\"2.0\",\r\"method\":\"notifications/initialized\"}",
      "not json", ""})
  void anythingElseIsLeftToTheFullReader(String line) {
    assertNull(PlainMessage.read(line), line);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"protocolVersion\":5}", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":[]}",
      "{\"protocolVersion\":\"2025-06-18\",\"clientInfo\":\"me\"}",
      "{\"protocolVersion\":\"2025-06-18\",\"protocolVersion\":\"2024-11-05\"}"})
  void initializeParamsTheSdkMightNotReadAreLeftToTheSdk(String params) {
    PlainMessage plain = PlainMessage.read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":" + params + "}");
    assertNotNull(plain, params);
    assertNull(plain.initialize(), params);
  }
}
