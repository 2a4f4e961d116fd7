package dev.driftsmith.generate;

/**
 * The caller cancelled the call before anything was written. Unchecked so that it passes through
 * every tool unchanged; the MCP layer answers it with silence, as the protocol asks.
 */
public final class CallCancelledException extends RuntimeException {
  public CallCancelledException() {
    super("cancelled by the caller before anything was written", null, false, false);
  }
}
