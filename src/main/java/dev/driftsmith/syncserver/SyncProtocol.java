package dev.driftsmith.syncserver;

/** The parts of docs/sync-protocol.md that both the server and the conformance kit name. */
public final class SyncProtocol {
  private SyncProtocol() {}

  /** The protocol version this server speaks. */
  public static final int VERSION = 2;

  /**
   * The header that carries the client's protocol version. A version 1 client sends none; it gets
   * {@link #UPGRADE_REQUIRED}, which it treats as "server unreachable": nothing it queued is counted
   * as a failed attempt or dropped, so it all goes out again once the app is upgraded.
   */
  public static final String VERSION_HEADER = "x-sync-protocol";

  /** HTTP 426 Upgrade Required: the answer to a client of another protocol version. */
  public static final int UPGRADE_REQUIRED = 426;

  /** Echoed on every answer, so a log line of the client can be found in the server's log. */
  public static final String REQUEST_ID_HEADER = "x-request-id";
}
