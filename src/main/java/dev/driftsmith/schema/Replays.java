package dev.driftsmith.schema;

import dev.driftsmith.project.SchemaStep;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Databases taken from empty through a schema history, kept between tool calls in this process.
 * Each tool call adds at most one step to the history the previous call saved: keeping the
 * upgraded database lets it run only that step instead of replaying every step again, which made
 * each call cost more the larger the project grew.
 *
 * <p>A replay is found by the SHA-256 of its history's statements, never by object identity: a
 * manifest read again from disk finds it, and a history that differs in one character does not. A
 * replay holds the steps it was built with (committed) and may hold one step more in an open
 * transaction (pending): the step a call proved but may not have saved (a dry run, a refused
 * write). Asked for the shorter history, the transaction rolls back; for the longer one, it
 * commits. So a dry run never leaves its step in the replay of the saved history.
 *
 * <p>A replay is used by one call at a time: {@link #take} removes it, {@link #keep} puts it back,
 * and a call that finds none (another call holds it, or the process is new) starts from the one
 * stored in the project ({@link ReplayStore}) or replays in full.
 */
final class Replays {
  /** A server has one or a few projects open; a replay is a project's schema with empty tables. */
  static final int KEPT = 4;

  /**
   * A database upgraded through the history of {@code committed}, and, when {@code pending} is set,
   * one step more inside an open transaction, with the snapshot the last proof on it took.
   */
  static final class Replay implements AutoCloseable {
    final SqliteSandbox db;
    final SchemaListing listing = new SchemaListing();
    private String committed;
    private String pending;
    /** Replayed from an empty database by this process, and not stored in the project since ({@link ReplayStore}). */
    boolean unstored;
    /**
     * A copy of a fresh install standing for the history's database ({@link #seedConfirmed}), and the
     * steps proven on it since. Its schema is the history's, but a table's columns may be in another
     * order (ALTER TABLE appends where a fresh install declares), which only SQL that inserts by
     * position or selects {@code *} sees: it never proves a hand-written step and is never stored.
     */
    boolean standIn;

    Replay(SqliteSandbox db, String committed) {
      this.db = db;
      this.committed = committed;
    }

    /** Runs the statements that follow inside a transaction that {@link #proved} or {@link #undo} ends. */
    void begin() throws SQLException {
      db.execute("BEGIN");
    }

    /** The statements since {@link #begin} took the database to the history of {@code key}. */
    void proved(String key) {
      pending = key;
    }

    /** Undoes the statements since {@link #begin}. */
    void undo() throws SQLException {
      db.execute("ROLLBACK");
    }

    /** Brings the database to the history of {@code key}, which it must hold; false when SQLite refused. */
    private boolean settle(String key) {
      try {
        if (key.equals(pending)) {
          db.execute("COMMIT");
          committed = pending;
        } else if (pending != null) {
          db.execute("ROLLBACK");
        }
        pending = null;
        return true;
      } catch (SQLException e) {
        return false;
      }
    }

    private boolean holds(String key) {
      return key.equals(committed) || key.equals(pending);
    }

    @Override
    public void close() {
      try {
        db.close();
      } catch (SQLException e) {
        // Closing a sandbox frees its memory and its temporary file; nothing is lost if SQLite complains.
      }
    }
  }

  private final List<Replay> kept = new ArrayList<>();

  /** The replay of the history with {@code key}, taken out of the cache until {@link #keep} returns it. */
  synchronized Optional<Replay> take(String key) {
    for (int i = kept.size() - 1; i >= 0; i--) {
      Replay replay = kept.get(i);
      if (!replay.holds(key)) continue;
      kept.remove(i);
      if (replay.settle(key)) return Optional.of(replay);
      replay.close();
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Puts {@code replay} back as the newest, closing the oldest beyond {@link #KEPT}. */
  synchronized void keep(Replay replay) {
    kept.add(replay);
    while (kept.size() > KEPT) kept.remove(0).close();
  }

  /** The history a record confirmed last in this process ({@link RecordedSchema#confirms}), and its fresh install's statements. */
  private record Confirmed(String key, List<String> fresh) {}

  private Confirmed confirmed;

  /**
   * {@code history}'s last step records the schema that the fresh install of {@code fresh} has. That
   * record is a call's proof that upgrading through the history gives a database of exactly that
   * description, and the description is all a proof compares; so the fresh install can stand for the
   * upgraded database: the next step is proven on a copy of it ({@link #seedConfirmed}), unless it is
   * a hand-written one (see {@link Replay#standIn}). A fresh clone's first write call no longer replays
   * the whole history to get one.
   */
  static void confirmedByRecord(Replays replays, List<String> fresh, List<SchemaStep> history) {
    // A hand-written step may put rows in the database, which no description compares and a later step may
    // depend on (the fresh install runs its statements too, but after the model's tables, not between the
    // steps, so its rows need not be the replay's), and its SQL may see column order: such a history is replayed.
    if (history.isEmpty() || history.stream().anyMatch(SchemaStep::custom)) return;
    // A feature's data step may insert rows too, which a fresh install lacks: such a history is replayed as well.
    if (!history.stream().allMatch(step -> EmptyTables.keepsEmpty(step.up()))) return;
    String key = keys(history).all();
    synchronized (replays) {
      replays.confirmed = new Confirmed(key, fresh);
    }
  }

  /**
   * Keeps a copy of the fresh install a record confirmed as the replay of the history with {@code key},
   * when none is kept and {@code installs} still holds exactly that install. Copied only here, when a
   * step is about to be proven on it: a generate that only confirms pays no copy.
   */
  static void seedConfirmed(Replays replays, FreshInstalls installs, String key) {
    Confirmed c;
    synchronized (replays) {
      c = replays.confirmed;
    }
    // A stored replay of this build is tried first: it is the history's own database, steps and rows.
    if (c == null || !c.key().equals(key) || replays.holds(key) || ProofStore.storesReplay()) return;
    Optional<FreshInstalls.Install> install = installs.takeExactly(c.fresh());
    // A record confirmed without SQLite (it names the fresh install's statements) left no install: make it now,
    // which costs a fraction of replaying the history.
    if (install.isEmpty()) install = installExactly(installs, c.fresh());
    if (install.isEmpty()) return;
    Replay replay;
    try {
      replay = new Replay(install.get().db.copy(), key);
    } catch (SQLException e) {
      // Without a copy the step replays the history, as it did before.
      return;
    } finally {
      installs.keep(install.get());
    }
    replay.standIn = true;
    replays.keep(replay);
  }

  /** The fresh install of exactly {@code fresh}, taken out of {@code installs} until it is kept again; empty when SQLite refuses it. */
  private static Optional<FreshInstalls.Install> installExactly(FreshInstalls installs, List<String> fresh) {
    FreshInstalls.Outcome outcome;
    try {
      outcome = installs.install(fresh);
    } catch (SQLException e) {
      return Optional.empty();
    }
    if (outcome.install() == null) return Optional.empty();
    if (outcome.install().holdsExactly(fresh)) return Optional.of(outcome.install());
    installs.keep(outcome.install());
    return Optional.empty();
  }

  /** Closes every kept replay, as a new process starts (for tests). */
  synchronized void clear() {
    kept.forEach(Replay::close);
    kept.clear();
    confirmed = null;
  }

  /** How many replays are kept (for tests). */
  synchronized int size() {
    return kept.size();
  }

  /** Whether a replay of the history with {@code key} is kept, committed or pending (for tests). */
  synchronized boolean holds(String key) {
    return kept.stream().anyMatch(r -> r.holds(key));
  }

  /** The SHA-256 of the up statements of {@code history}: of each step's own digest of them, in order. */
  static String key(List<SchemaStep> history) {
    MessageDigest digest = sha256();
    history.forEach(step -> add(digest, step));
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The keys of a history without its last step and with it (both the empty history's when it has none). */
  record Keys(String beforeLast, String all) {}

  /** {@link #key} of {@code history} without its last step and with it, in one pass over the statements. */
  static Keys keys(List<SchemaStep> history) {
    MessageDigest digest = sha256();
    for (SchemaStep step : history.subList(0, Math.max(0, history.size() - 1))) add(digest, step);
    MessageDigest withLast;
    try {
      withLast = (MessageDigest) digest.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("every Java runtime's SHA-256 can be cloned", e);
    }
    if (!history.isEmpty()) add(withLast, history.get(history.size() - 1));
    return new Keys(HexFormat.of().formatHex(digest.digest()), HexFormat.of().formatHex(withLast.digest()));
  }

  /**
   * Each step by its own digest, which {@link Proven} remembers while the step is in use: hashing
   * the bytes of every statement of the history again on every call grew with the history.
   */
  private static void add(MessageDigest digest, SchemaStep step) {
    digest.update(Proven.stepDigest(step));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
