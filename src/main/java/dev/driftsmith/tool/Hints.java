package dev.driftsmith.tool;

/**
 * The four MCP tool annotations, always declared explicitly (clients assume the worst when absent).
 * openWorld is always false: tools touch only the project folder.
 */
public record Hints(boolean readOnly, boolean destructive, boolean idempotent) {
  public static final Hints READ_ONLY = new Hints(true, false, true);
  /** Configure/generate: hash-guarded writes, same input → same files. */
  public static final Hints GENERATES = new Hints(false, false, true);
  /** Adds something new each call (a table, a migration step): calling twice is not the same as once. */
  public static final Hints ADDS = new Hints(false, false, false);

  public boolean openWorld() {
    return false;
  }
}
