package dev.driftsmith.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads newline-delimited messages without ever holding more than {@code maxBytes} of one: a longer
 * line is skipped to its end and reported as {@link Line#tooLong()}, so one huge (or endless)
 * message costs neither the memory nor the session.
 */
final class BoundedLines {
  /** One line without its terminator; {@code text} is null for a line over the limit. */
  record Line(String text, long bytes) {
    boolean tooLong() {
      return text == null;
    }
  }

  private final InputStream in;
  private final int maxBytes;
  private final byte[] chunk = new byte[64 * 1024];
  private int position;
  private int end;

  BoundedLines(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The next line, or null at end of input. A last line without a newline still counts. */
  Line next() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    long bytes = 0;
    boolean tooLong = false;
    while (true) {
      if (position == end && !fill()) {
        return bytes == 0 ? null : finish(line, bytes, tooLong);
      }
      int newline = indexOfNewline();
      int stop = newline < 0 ? end : newline;
      bytes += stop - position;
      if (!tooLong && bytes > maxBytes) {
        tooLong = true;
        line = new ByteArrayOutputStream();
      }
      if (!tooLong) line.write(chunk, position, stop - position);
      position = newline < 0 ? end : newline + 1;
      if (newline >= 0) return finish(line, bytes, tooLong);
    }
  }

  /** Whether {@link #next} would wait for input: nothing is buffered here and nothing can be read at once. */
  boolean wouldBlock() {
    try {
      return position == end && in.available() == 0;
    } catch (IOException e) {
      // A stream that cannot tell: the next read finds out what it is.
      return true;
    }
  }

  private boolean fill() throws IOException {
    int read = in.read(chunk);
    position = 0;
    end = Math.max(read, 0);
    return read > 0;
  }

  private int indexOfNewline() {
    for (int i = position; i < end; i++) {
      if (chunk[i] == '\n') return i;
    }
    return -1;
  }

  private static Line finish(ByteArrayOutputStream line, long bytes, boolean tooLong) {
    if (tooLong) return new Line(null, bytes);
    String text = line.toString(StandardCharsets.UTF_8);
    return new Line(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text, bytes);
  }
}
