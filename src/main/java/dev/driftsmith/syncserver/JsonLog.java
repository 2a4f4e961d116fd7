package dev.driftsmith.syncserver;

import java.io.PrintStream;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/** Structured logs: one JSON object per line, so log shippers need no parsing rules. */
public final class JsonLog {
  private final PrintStream out;

  public JsonLog(PrintStream out) {
    this.out = out;
  }

  /** A new line with its time, level and event name; add fields and {@link #write} it. */
  public ObjectNode event(String level, String event) {
    ObjectNode line = JsonSupport.MAPPER.createObjectNode();
    line.put("time", Instant.now().toString());
    line.put("level", level);
    line.put("event", event);
    return line;
  }

  public void write(ObjectNode line) {
    String text = JsonSupport.MAPPER.writeValueAsString(line);
    synchronized (out) {
      out.println(text);
      out.flush();
    }
  }
}
