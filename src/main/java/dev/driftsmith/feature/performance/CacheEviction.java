package dev.driftsmith.feature.performance;

import dev.driftsmith.input.Wire;

/** Which cached result goes when the query cache is full (ttlOnly: the one expiring soonest). */
public enum CacheEviction implements Wire {
  LRU, LFU, FIFO, TTL_ONLY;

  /** The wire name: templates and messages print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
