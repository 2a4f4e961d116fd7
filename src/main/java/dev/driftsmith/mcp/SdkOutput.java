package dev.driftsmith.mcp;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the SDK's stdio transport writes, on its way to the client: whole lines, each written under
 * the lock of the client's stream, which the stdio front holds for its own answers too, so that
 * lines never interleave. The SDK's answer to the initialize request the front has already
 * answered ({@link EarlyInitialize#FORWARDED_ID}) is dropped: the client gets one answer per request.
 */
final class SdkOutput extends OutputStream {
  /** How the SDK's answer to the forwarded initialize begins (it writes jsonrpc, then id). */
  private static final byte[] DROPPED = ("{\"jsonrpc\":\"2.0\",\"id\":\"" + EarlyInitialize.FORWARDED_ID + "\",")
      .getBytes(StandardCharsets.UTF_8);
  private static final byte[] DROPPED_RESULT = ("{\"jsonrpc\":\"2.0\",\"id\":\"" + EarlyInitialize.FORWARDED_ID
      + "\",\"result\"").getBytes(StandardCharsets.UTF_8);

  private final PrintStream client;
  private final PrintStream log;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  SdkOutput(PrintStream client, PrintStream log) {
    this.client = client;
    this.log = log;
  }

  @Override
  public synchronized void write(int b) {
    line.write(b);
    if (b == '\n') emit();
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    int start = offset;
    for (int i = offset; i < offset + length; i++) {
      if (bytes[i] != '\n') continue;
      line.write(bytes, start, i + 1 - start);
      emit();
      start = i + 1;
    }
    line.write(bytes, start, offset + length - start);
  }

  private void emit() {
    byte[] bytes = line.toByteArray();
    line.reset();
    if (startsWith(bytes, DROPPED)) {
      // An error here means the SDK did not take the session the front has answered for.
      if (!startsWith(bytes, DROPPED_RESULT)) {
        log.println("driftsmith: the SDK refused initialize: " + new String(bytes, StandardCharsets.UTF_8).strip());
      }
      return;
    }
    synchronized (client) {
      client.write(bytes, 0, bytes.length);
      client.flush();
    }
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }
}
