package dev.driftsmith.feature.performance;

import dev.driftsmith.input.Wire;

/** Which cached result goes when the query cache is full (ttlOnly: the one expiring soonest). */
public enum CacheEviction implements Wire {
  LRU("lru"), LFU("lfu"), FIFO("fifo"), TTL_ONLY("ttlOnly");

  private final String wire;

  CacheEviction(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  @Override
  public String toString() {
    return wire;
  }
}
