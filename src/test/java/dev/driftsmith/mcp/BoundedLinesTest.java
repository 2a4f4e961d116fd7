package dev.driftsmith.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedLinesTest {
  @Test
  void aLineOverTheLimitIsSkippedAndTheNextOneIsRead() throws IOException {
    String tooLong = "x".repeat(200_000);
    BoundedLines lines = lines("first\r\n" + tooLong + "\nafter\n\nlast without newline", 100_000);
    assertEquals("first", lines.next().text());
    BoundedLines.Line skipped = lines.next();
    assertTrue(skipped.tooLong());
    assertEquals(200_000, skipped.bytes());
    assertEquals("after", lines.next().text());
    assertEquals("", lines.next().text());
    assertEquals("last without newline", lines.next().text());
    assertNull(lines.next());
  }

  @Test
  void aLineOfExactlyTheLimitIsKept() throws IOException {
    BoundedLines lines = lines("é".repeat(50) + "\n", 100);
    assertEquals("é".repeat(50), lines.next().text());
    assertNull(lines.next());
  }

  private static BoundedLines lines(String text, int max) {
    return new BoundedLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
  }
}
