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
import java.util.WeakHashMap;
import java.util.function.Supplier;

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

  /** Forgets every proof, as a new process starts (for tests). */
  void clear() {
    keys.clear();
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
   * in order: as unambiguous as {@link #digest}, made of each statement's and each step's own
   * digest. Every call that changes the schema digests it twice (the manifest it loaded, the one
   * it proves), megabytes of SQL at 200 synced tables, nearly all of it the same statements and
   * steps as the call before: each is hashed once while it is in use, and a call hashes 32 bytes
   * for each.
   */
  public static ByteBuffer proofDigest(List<String> fresh, List<SchemaStep> steps) {
    MessageDigest sha = sha256();
    tag(sha, 'F', fresh.size());
    for (String statement : fresh) sha.update(remembered(STATEMENTS, statement, () -> digest(statement).array()));
    tag(sha, 'H', steps.size());
    for (SchemaStep step : steps) sha.update(stepDigest(step));
    return ByteBuffer.wrap(sha.digest());
  }

  /** The digest of {@code step}'s up statements, remembered while the step is in use. */
  static byte[] stepDigest(SchemaStep step) {
    return remembered(STEPS, step, () -> digest(step.up()).array());
  }

  private static <K> byte[] remembered(Map<K, byte[]> digests, K key, Supplier<byte[]> digest) {
    synchronized (digests) {
      byte[] known = digests.get(key);
      if (known != null) return known;
    }
    byte[] made = digest.get();
    synchronized (digests) {
      digests.put(key, made);
    }
    return made;
  }

  /*
   * Weakly keyed: a digest is kept as long as its statement or step is in use elsewhere (the
   * manifest, the memos of the tables' statements), and this holds no schema in memory itself.
   */
  private static final Map<String, byte[]> STATEMENTS = new WeakHashMap<>();
  private static final Map<SchemaStep, byte[]> STEPS = new WeakHashMap<>();

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
