package dev.driftsmith.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The last few things proven on SQLite in this process, by everything the proof reads. Proving
 * costs a SQLite run (a history replay, a fresh install per custom query), and a tool call loads
 * the manifest that the previous call proved and wrote: remembering keeps each proof to once.
 */
public final class Proven {
  private static final int KEPT = 16;

  private final Set<Object> keys = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Object, Boolean> eldest) {
      return size() > KEPT;
    }
  }));

  public boolean contains(Object key) {
    return keys.contains(key);
  }

  public void add(Object key) {
    keys.add(key);
  }
}
