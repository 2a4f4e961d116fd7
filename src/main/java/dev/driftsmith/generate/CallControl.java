package dev.driftsmith.generate;

/**
 * What the caller of a long operation can ask of it while it runs: progress reports along the way,
 * and whether the caller has given up. The MCP server passes one per tools/call; the CLI passes
 * {@link #NONE}. It lives here, below the tools, so the pipeline can report and stop without knowing
 * about MCP.
 */
public interface CallControl {
  /** Never cancelled, reports nowhere. */
  CallControl NONE = new CallControl() {
    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void progress(Step step, String detail) {
      // nobody is listening
    }
  };

  /** The stages of a generating call, in order. A call that starts from a manifest skips the first two. */
  enum Step {
    LOADED, CHANGED, RENDERED, PLANNED, WRITTEN;

    /** 1-based position, so progress reports count up to {@link #total()}. */
    public int number() {
      return ordinal() + 1;
    }

    public static int total() {
      return values().length;
    }
  }

  boolean isCancelled();

  /** Reports that {@code step} is done; {@code detail} says what it did, for people. */
  void progress(Step step, String detail);

  /**
   * Throws {@link CallCancelledException} when the call was cancelled. Call it only where stopping
   * leaves the project exactly as it was: before the first write, never between two writes.
   */
  default void stopIfCancelled() {
    if (isCancelled()) throw new CallCancelledException();
  }
}
