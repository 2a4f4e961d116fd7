package dev.driftsmith.syncserver;

/**
 * What one request may ask of the server. The defaults are above anything a generated client
 * sends (its batch size is at most 500 operations, its pull limit 500), so they stop only runaway
 * or hostile clients.
 */
public record ServerLimits(int maxRequestBytes, int maxOperations, int maxPullLimit) {
  public static final ServerLimits DEFAULTS = new ServerLimits(8 * 1024 * 1024, 1000, 1000);

  /** The page size of a pull that names none. */
  public static final int DEFAULT_PULL_LIMIT = 500;

  public ServerLimits {
    if (maxRequestBytes < 1024 || maxOperations < 1 || maxPullLimit < 1) {
      throw new IllegalArgumentException("limits must be positive (request bytes at least 1024)");
    }
  }
}
