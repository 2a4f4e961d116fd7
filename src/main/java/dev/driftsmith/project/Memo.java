package dev.driftsmith.project;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The last few results of a pure function, by the value of its argument (its {@code equals}), never
 * by identity. One tool call asks for the same result several times (the database schema of a
 * manifest: to validate, to prove, to render), and the next call asks again for a manifest it
 * read anew from the same bytes; on a large project each computation costs milliseconds, a lookup
 * a hash of the argument. Only immutable values belong here, as keys and as results.
 */
public final class Memo<K, V> {
  private final Map<K, V> results;

  public Memo(int kept) {
    results = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > kept;
      }
    });
  }

  /** Remembers {@code value} as what {@code key} computes to, when it is known without computing it. */
  public void remember(K key, V value) {
    results.put(key, value);
  }

  /** {@code compute(key)}, remembered; computed outside the lock, so two calls at once may both compute it. */
  public V get(K key, Function<K, V> compute) {
    V known = results.get(key);
    if (known != null) return known;
    V value = compute.apply(key);
    results.put(key, value);
    return value;
  }
}
