package dev.driftsmith.schema;

import dev.driftsmith.project.CacheFile;
import dev.driftsmith.project.SchemaStep;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Proofs of a project's schema history that an earlier process of the same build ran on SQLite,
 * kept in the project's {@link #FILE}. A new process would otherwise replay the whole history once
 * before its first call can answer: seconds at 200 tables, for a history that did not change.
 *
 * <p>A proof is stored as the SHA-256 digest of everything it read ({@link Proven#digest}: every
 * statement of the fresh install and of the replay), under the identity of the build that ran it,
 * so another build (other code, other templates) trusts none of them. A tool call opens the store
 * of its project on its thread ({@link #open}); proofs asked for on that thread may be answered
 * from it ({@link #trusts}), and every proof the call relied on is remembered ({@link #relied})
 * for {@link #save}, which the caller runs under the project's lock after a successful write.
 *
 * <p>A missing, truncated or garbled file, or one of another build, is an empty store: the call
 * replays as if the process had never seen the project.
 */
public final class ProofStore implements AutoCloseable {
  /** Beside the other caches of the project, which git ignores. */
  public static final String FILE = CacheFile.FOLDER + "proofs";

  /**
   * The newest proofs kept: one project has one history at a time, and a few more cover the
   * histories just before it (a step undone by restoring the files from version control).
   */
  static final int KEPT = 8;

  private static final String FORMAT = "driftsmith-proofs 1";
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
  private static final ThreadLocal<ProofStore> CURRENT = new ThreadLocal<>();

  private final Path root;
  private final String build;
  private final List<String> stored;
  private final Set<String> relied = new LinkedHashSet<>();
  private final ProofStore outer;
  /** The replay the call's last proof left in memory, for {@link #save} to store (see {@link ReplayStore}). */
  private ReplayStore.Proved replayed;
  /** The statements of the fresh install the call's last proof used, for {@link #save} to store (see {@link InstallStore}). */
  private List<String> installed;

  private ProofStore(Path root, String build, List<String> stored, ProofStore outer) {
    this.root = root;
    this.build = build;
    this.stored = stored;
    this.outer = outer;
  }

  /**
   * The store of the project at {@code root} for the build {@code build}, current on this thread
   * until {@link #close}.
   */
  public static ProofStore open(Path root, String build) {
    ProofStore store = new ProofStore(root, build, read(root.resolve(FILE), build), CURRENT.get());
    CURRENT.set(store);
    return store;
  }

  /** Whether a store is open on this thread. */
  public static boolean isOpen() {
    return CURRENT.get() != null;
  }

  /** Whether the store open on this thread holds the proof with this digest (false when none is open). */
  static boolean trusts(ByteBuffer digest) {
    ProofStore store = CURRENT.get();
    return store != null && store.stored.contains(hex(digest));
  }

  /** The call on this thread relied on the proof with this digest: proven, remembered or stored. */
  static void relied(ByteBuffer digest) {
    ProofStore store = CURRENT.get();
    if (store != null) store.relied.add(hex(digest));
  }

  /**
   * The database the project's stored replay holds, when it is of this build and of a prefix of
   * {@code history}, whose keys are {@code keys}; empty when no store is open on this thread or the
   * project has none.
   */
  static Optional<ReplayStore.Loaded> storedReplay(List<SchemaStep> history, Replays.Keys keys) {
    ProofStore store = CURRENT.get();
    return store == null ? Optional.empty() : ReplayStore.load(store.root, store.build, history, keys);
  }

  /** Whether the project holds a stored replay of this build (false when no store is open on this thread). */
  static boolean storesReplay() {
    ProofStore store = CURRENT.get();
    return store != null && ReplayStore.storedOfBuild(store.root, store.build);
  }

  /**
   * The fresh install the project's stored file holds, when it is of this build and sound; empty when no
   * store is open on this thread or the project has none.
   */
  static Optional<FreshInstalls.Install> storedInstall() {
    ProofStore store = CURRENT.get();
    return store == null ? Optional.empty() : InstallStore.load(store.root, store.build);
  }

  /** The call on this thread installed {@code fresh}, which {@link FreshInstalls} keeps. */
  static void installed(List<String> fresh) {
    ProofStore store = CURRENT.get();
    if (store != null) store.installed = fresh;
  }

  /** The call on this thread proved a history, whose upgraded database {@link Replays} keeps. */
  static void replayed(ReplayStore.Proved proved) {
    ProofStore store = CURRENT.get();
    if (store != null) store.replayed = proved;
  }

  /**
   * Writes the stored proofs with those this call relied on, newest last, when the call relied on
   * one the file lacks; so a call that found everything stored leaves the file as it was. Then
   * stores the database of the history last proved and the fresh install last used, each when that
   * pays ({@link ReplayStore#save}, {@link InstallStore#save}). The caller holds the project's lock.
   */
  public void save() throws IOException {
    saveProofs();
    if (replayed != null) ReplayStore.save(root, build, SchemaSteps.REPLAYS, replayed);
    if (installed != null) InstallStore.save(root, build, SchemaSteps.INSTALLS, installed);
  }

  private void saveProofs() throws IOException {
    if (stored.containsAll(relied)) return;
    List<String> kept = new ArrayList<>(stored);
    kept.removeAll(relied);
    kept.addAll(relied);
    kept = kept.subList(Math.max(0, kept.size() - KEPT), kept.size());
    StringBuilder text = new StringBuilder(FORMAT).append('\n').append(build).append('\n');
    for (String digest : kept) text.append(digest).append('\n');
    CacheFile.replace(root, FILE, text);
  }

  @Override
  public void close() {
    if (outer == null) CURRENT.remove();
    else CURRENT.set(outer);
  }

  /** The digests in {@code file} when it is whole and of {@code build}; else none. */
  private static List<String> read(Path file, String build) {
    List<String> lines;
    try {
      if (!Files.isRegularFile(file)) return List.of();
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      // Unreadable or not UTF-8: a cold store, and the next save replaces it.
      return List.of();
    }
    if (lines.size() < 2 || !lines.get(0).equals(FORMAT) || !lines.get(1).equals(build)) return List.of();
    List<String> digests = lines.subList(2, lines.size());
    if (digests.size() > KEPT || !digests.stream().allMatch(d -> DIGEST.matcher(d).matches())) return List.of();
    return List.copyOf(digests);
  }

  private static String hex(ByteBuffer digest) {
    return HexFormat.of().formatHex(digest.array());
  }
}
