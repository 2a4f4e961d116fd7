package dev.driftsmith.schema;

import dev.driftsmith.project.SchemaStep;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The last few things proven on SQLite in this process, by everything the proof reads. Proving
 * costs a SQLite run (a history replay, a fresh install per custom query), and a tool call loads
 * the manifest that the previous call proved and wrote: remembering keeps each proof to once.
 *
 * <p>What a proof reads is kept as a SHA-256 digest, not as itself: it is the SQL of the whole
 * schema, megabytes for a project of 200 synced tables, and sixteen of those were most of a
 * session's heap.
 */
public final class Proven {
  private static final int KEPT = 16;

  private final Set<ByteBuffer> keys = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
      return size() > KEPT;
    }
  }));

  public boolean contains(Object key) {
    return keys.contains(digest(key));
  }

  public void add(Object key) {
    keys.add(digest(key));
  }

  /** Whether the proof with this {@link #digest} was proven. */
  public boolean containsDigest(ByteBuffer digest) {
    return keys.contains(digest);
  }

  /** Remembers the proof with this {@link #digest} as proven. */
  public void addDigest(ByteBuffer digest) {
    keys.add(digest);
  }

  /**
   * SHA-256 of {@code key}: strings, lists and maps (as YAML gives them) with their types and
   * lengths, so that two different keys cannot write the same bytes ({@code ["a", "b"]} and
   * {@code ["a, b"]} differ).
   */
  public static ByteBuffer digest(Object key) {
    MessageDigest sha = sha256();
    feed(sha, key);
    return ByteBuffer.wrap(sha.digest());
  }

  /**
   * The digest of a proof that reads {@code fresh} and the {@code up} statements of {@code steps},
   * in order: as unambiguous as {@link #digest}, from each step's own digest. A step never
   * changes, and every call that changes the schema digests the history twice (the manifest it
   * loaded, the one it proves): each step is digested once, and a call hashes the fresh install
   * and 32 bytes a step, not the megabytes of the whole history.
   */
  public static ByteBuffer proofDigest(List<String> fresh, List<SchemaStep> steps) {
    MessageDigest sha = sha256();
    feed(sha, fresh);
    tag(sha, 'H', steps.size());
    for (SchemaStep step : steps) sha.update(stepDigest(step));
    return ByteBuffer.wrap(sha.digest());
  }

  /** The digest of {@code step}'s up statements, remembered by the step. */
  static byte[] stepDigest(SchemaStep step) {
    synchronized (STEPS) {
      byte[] known = STEPS.get(step);
      if (known != null) return known;
    }
    MessageDigest sha = sha256();
    feed(sha, step.up());
    byte[] digest = sha.digest();
    synchronized (STEPS) {
      STEPS.put(step, digest);
    }
    return digest;
  }

  /** How many step digests are remembered: the histories of a few large projects. */
  private static final int STEPS_KEPT = 4096;

  private static final Map<SchemaStep, byte[]> STEPS = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<SchemaStep, byte[]> eldest) {
      return size() > STEPS_KEPT;
    }
  };

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static void feed(MessageDigest sha, Object value) {
    if (value instanceof List<?> list) {
      tag(sha, 'L', list.size());
      list.forEach(item -> feed(sha, item));
    } else if (value instanceof Map<?, ?> map) {
      tag(sha, 'M', map.size());
      map.forEach((k, v) -> {
        feed(sha, k);
        feed(sha, v);
      });
    } else if (value instanceof String text) {
      text(sha, 'S', text);
    } else {
      // Numbers, booleans, null: their type and text say all of them.
      text(sha, 'O', value == null ? "null" : value.getClass().getName() + ":" + value);
    }
  }

  private static void text(MessageDigest sha, char kind, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    tag(sha, kind, bytes.length);
    sha.update(bytes);
  }

  private static void tag(MessageDigest sha, char kind, int length) {
    sha.update((byte) kind);
    sha.update(ByteBuffer.allocate(4).putInt(length).array());
  }
}
