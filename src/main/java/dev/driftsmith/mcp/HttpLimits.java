package dev.driftsmith.mcp;

import java.time.Duration;

/**
 * What one HTTP client may hold of the server, so that a slow or greedy one cannot lock the others
 * out. Defaults suit one developer's assistants on loopback.
 *
 * @param idleTimeout a connection that sends and receives nothing this long is closed
 * @param readTimeout a request body must arrive completely within this; the idle timeout alone
 *     restarts with every byte, so a body sent a byte at a time would hold its connection for ever
 * @param sessionTimeout an MCP session without requests this long is closed and forgotten
 * @param maxConnections connections beyond this wait until one closes
 * @param maxRequestBytes a larger request body is refused with 413
 */
public record HttpLimits(Duration idleTimeout, Duration readTimeout, Duration sessionTimeout, int maxConnections,
                         int maxRequestBytes) {
  public static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(30), Duration.ofSeconds(10),
      Duration.ofMinutes(30), 256, 4 * 1024 * 1024);

  public HttpLimits {
    requirePositive(idleTimeout, "idleTimeout");
    requirePositive(readTimeout, "readTimeout");
    requirePositive(sessionTimeout, "sessionTimeout");
    if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be at least 1");
    if (maxRequestBytes < 1024) throw new IllegalArgumentException("maxRequestBytes must be at least 1024");
  }

  private static void requirePositive(Duration duration, String name) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
