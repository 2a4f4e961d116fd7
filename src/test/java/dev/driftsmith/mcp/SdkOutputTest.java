package dev.driftsmith.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The SDK's output on its way to the client: whole lines, less its answer to the initialize the front answered. */
class SdkOutputTest {
  private final ByteArrayOutputStream client = new ByteArrayOutputStream();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final SdkOutput out = new SdkOutput(new PrintStream(client, true, StandardCharsets.UTF_8),
      new PrintStream(log, true, StandardCharsets.UTF_8));

  @Test
  void theAnswerToTheForwardedInitializeIsDroppedAndEveryOtherLinePasses() {
    // As the SDK writes: the message, then the line break on its own.
    write("{\"jsonrpc\":\"2.0\",\"id\":\"" + EarlyInitialize.FORWARDED_ID + "\",\"result\":{\"protocolVersion\":\"2025-06-18\"}}");
    write("\n");
    write("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[]}}");
    write("\n{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}\n{\"jsonrpc\"");
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[]}}\n{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}\n",
        client.toString(StandardCharsets.UTF_8), "whole lines only, and not the dropped one");
    assertEquals("", log.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anErrorTheSdkAnswersToTheForwardedInitializeIsLogged() {
    write("{\"jsonrpc\":\"2.0\",\"id\":\"" + EarlyInitialize.FORWARDED_ID + "\",\"error\":{\"code\":-32602,\"message\":\"bad\"}}\n");
    assertEquals("", client.toString(StandardCharsets.UTF_8));
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("the SDK refused initialize"), log::toString);
  }

  private void write(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);
  }
}
