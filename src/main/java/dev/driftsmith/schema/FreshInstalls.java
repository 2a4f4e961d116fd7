package dev.driftsmith.schema;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fresh install of the last schema proven, kept between tool calls in this process. A proof compares the
 * upgraded database with a fresh install of the new schema, and installing it anew on every call
 * ran every CREATE of the project: SQLite scans its schema table to load each new entry, so the
 * install cost more than linearly in the tables and was most of a call on a large project. A call
 * changes a few objects, so a kept install of an earlier schema is brought to the new one instead:
 * the objects whose statements are gone are dropped, the statements that are new run, in the
 * order of the fresh install.
 *
 * <p>Why the result is the fresh install: it is only done when every statement is a CREATE that
 * makes one object (plus what SQLite makes with it: automatic indexes, a virtual table's shadow
 * tables), and such an object is a function of its own statement; a CREATE INDEX or CREATE TRIGGER
 * also needs its table to exist, and it is dropped with it. So an object is kept only when its
 * statement is unchanged and so is its table's; every other one runs again. What running all of
 * them in order would also check, that each index and trigger comes after its table and that no
 * two statements make the same name, is checked here over every statement. Anything else (a
 * hand-written step's statements, a statement that made nothing) gets a full install.
 *
 * <p>A new process keeps none, so it starts from the install an earlier process stored in the
 * project ({@link InstallStore}), brought to the new schema the same way.
 */
final class FreshInstalls {
  /**
   * One: a call brings the install of the last schema proven to the one it proves, so one install
   * serves a session. Each is a project's schema with empty tables, and SQLite keeps every trigger of
   * it parsed: about 10 MiB at 200 tables. A second one served only a call whose schema shares more
   * with an older schema than with the last (two projects in turn), and it stayed open beside the
   * full install of a call that neither could serve: four 200-table databases open at once in a
   * 200-table session.
   */
  static final int KEPT = 1;

  /** The object a statement created (the one that dropping it drops, with the rest it made), and that object's table. */
  record Created(String type, String name, String table) {
    boolean needsItsTable() {
      return type.equals("index") || type.equals("trigger");
    }
  }

  /**
   * Statements an install may run after it was stored in a project before a call stores it again: a new
   * process that starts from the stored one runs at most about this many CREATEs besides its own.
   */
  static final int STALE = 64;

  /** A database holding a fresh install, and what each of its statements created. */
  static final class Install implements AutoCloseable {
    final SqliteSandbox db;
    /** The snapshot the last proof took of this install. */
    final SchemaListing listing = new SchemaListing();
    private final Map<String, Created> byStatement = new HashMap<>();
    /** Statements run on this database since it was created: all of the first schema, then what each next one changed. */
    private int ran;
    /** {@link #ran} when the database was last stored in or read from a project ({@link InstallStore}); -1 when never. */
    private int ranWhenStored = -1;

    private Install(SqliteSandbox db) {
      this.db = db;
    }

    /** The install {@link InstallStore} read from a project: {@code db}, where each statement made {@code created}'s object. */
    static Install stored(SqliteSandbox db, Map<String, Created> created) {
      Install install = new Install(db);
      install.byStatement.putAll(created);
      install.ranWhenStored = 0;
      return install;
    }

    int ran() {
      return ran;
    }

    /** What each statement of this install created, by statement. */
    Map<String, Created> created() {
      return Collections.unmodifiableMap(byStatement);
    }

    /** Whether this install holds exactly the statements of {@code fresh}. */
    boolean holdsExactly(List<String> fresh) {
      return byStatement.size() == fresh.size() && common(fresh) == fresh.size();
    }

    /** Whether storing this install pays: it was never stored, or has run {@link #STALE} statements since. */
    boolean storeDue() {
      return ranWhenStored < 0 || ran - ranWhenStored >= STALE;
    }

    /** This install is now the one stored in the project. */
    void markStored() {
      ranWhenStored = ran;
    }

    /** How many statements of {@code fresh} this install holds already. */
    private int common(List<String> fresh) {
      int n = 0;
      for (String sql : fresh) if (byStatement.containsKey(sql)) n++;
      return n;
    }

    /**
     * Brings this install to {@code fresh}; false when that cannot be done here (then the caller
     * installs in full, which also names the statement SQLite refuses).
     */
    private boolean bringTo(List<String> fresh) throws SQLException {
      if (!onlyCreates(fresh)) return false;
      Set<String> wanted = new HashSet<>(fresh);
      if (wanted.size() != fresh.size()) return false;
      List<String> drops = new ArrayList<>();
      Set<String> dropped = new HashSet<>();
      for (String sql : List.copyOf(byStatement.keySet())) {
        if (wanted.contains(sql)) continue;
        Created gone = byStatement.remove(sql);
        drops.add("DROP " + (gone.type().equals("table") ? "TABLE" : gone.type().toUpperCase(Locale.ROOT))
            + " IF EXISTS " + SqlSchema.quote(gone.name()));
        if (gone.type().equals("table") || gone.type().equals("view")) dropped.add(key(gone.name()));
      }
      // Every statement of fresh is a CREATE, those that run among them.
      List<String> running = new ArrayList<>(drops);
      running.addAll(fresh);
      listing.beforeRunning(db, running);
      for (String drop : drops) db.execute(drop);
      // SQLite dropped the indexes and triggers of a dropped table with it: their statements run again.
      byStatement.values().removeIf(c -> c.needsItsTable() && dropped.contains(key(c.table())));
      long last = lastRowid();
      for (String sql : fresh) {
        if (byStatement.containsKey(sql)) continue;
        if (run(sql) != null) return false;
        Optional<Created> created = createdAfter(last);
        if (created.isEmpty()) return false;
        byStatement.put(sql, created.get());
        last = lastRowid();
      }
      return inInstallOrder(fresh);
    }

    /** Whether each index and trigger of {@code fresh} comes after its table, and each name is made once. */
    private boolean inInstallOrder(List<String> fresh) {
      Map<String, Integer> made = new HashMap<>();
      for (int i = 0; i < fresh.size(); i++) {
        Created c = byStatement.get(fresh.get(i));
        if (made.putIfAbsent(key(c.name()), i) != null) return false;
      }
      for (int i = 0; i < fresh.size(); i++) {
        Created c = byStatement.get(fresh.get(i));
        if (!c.needsItsTable()) continue;
        Integer table = made.get(key(c.table()));
        if (table == null || table > i) return false;
      }
      return true;
    }

    /** Runs {@code sql} as a stored statement; SQLite's error, or null. */
    private String run(String sql) {
      ran++;
      try {
        db.executeStored(sql);
        return null;
      } catch (SQLException e) {
        return e.getMessage();
      }
    }

    private long lastRowid() throws SQLException {
      try (var st = db.connection().prepareStatement("SELECT coalesce(max(rowid), 0) FROM sqlite_schema");
           ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }

    /** The first object SQLite's schema gained after {@code rowid}, leaving out its own {@code sqlite_} objects. */
    private Optional<Created> createdAfter(long rowid) throws SQLException {
      try (var st = db.connection().prepareStatement("SELECT type, name, tbl_name FROM sqlite_schema WHERE rowid > ? "
          + "AND name NOT LIKE 'sqlite^_%' ESCAPE '^' ORDER BY rowid LIMIT 1")) {
        st.setLong(1, rowid);
        try (ResultSet rs = st.executeQuery()) {
          return rs.next() ? Optional.of(new Created(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty();
        }
      }
    }

    @Override
    public void close() {
      try {
        db.close();
      } catch (SQLException e) {
        // Closing a sandbox frees its memory and deletes its file; nothing is lost if SQLite complains.
      }
    }
  }

  /** SQLite's names are the same in any case. */
  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** Every statement a CREATE: only those make one object each (an ALTER or INSERT changes what others made). */
  private static boolean onlyCreates(List<String> fresh) {
    for (String sql : fresh) {
      if (!sql.stripLeading().regionMatches(true, 0, "CREATE ", 0, 7)) return false;
    }
    return true;
  }

  /**
   * A fresh install of {@code fresh}: the database, or the statement SQLite refused and its error.
   * Exactly one of {@code install} and {@code failed} is set.
   */
  record Outcome(Install install, String failed, String error) {}

  private final List<Install> kept = new ArrayList<>();

  /**
   * A fresh install of {@code fresh}, from the kept install that shares the most statements with it
   * when there is one (taken out of the cache until {@link #keep} returns it), else from nothing.
   */
  Outcome install(List<String> fresh) throws SQLException {
    Install from = take(fresh);
    // A new process keeps none: the install an earlier process stored in the project is brought to it the same way.
    if (from == null) from = ProofStore.storedInstall().orElse(null);
    if (from != null) {
      boolean done;
      try {
        done = from.bringTo(fresh);
      } catch (SQLException e) {
        done = false;
      }
      if (done) return installed(fresh, new Outcome(from, null, null));
      from.close();
    }
    // Keeping this install will close those, so they are closed first: a full install of a large
    // schema is never built beside a kept one it could not start from.
    closeKept();
    return installed(fresh, inFull(fresh));
  }

  /** {@code outcome}, told to the call's proof store when it is an install: the one a successful write stores. */
  private static Outcome installed(List<String> fresh, Outcome outcome) {
    if (outcome.install() != null) ProofStore.installed(fresh);
    return outcome;
  }

  /** Every statement of {@code fresh} run on a new database, in order. */
  static Outcome inFull(List<String> fresh) throws SQLException {
    FULL_INSTALLS.incrementAndGet();
    Install install = new Install(new SqliteSandbox());
    try {
      long last = 0;
      for (String sql : fresh) {
        String error = install.run(sql);
        if (error != null) {
          install.close();
          return new Outcome(null, sql, error);
        }
        install.createdAfter(last).ifPresent(c -> install.byStatement.put(sql, c));
        last = install.lastRowid();
      }
      return new Outcome(install, null, null);
    } catch (SQLException e) {
      install.close();
      throw e;
    }
  }

  /** The kept install that holds exactly {@code fresh}, taken out of the cache until {@link #keep} returns it. */
  synchronized Optional<Install> takeExactly(List<String> fresh) {
    for (Install install : kept) {
      if (!install.holdsExactly(fresh)) continue;
      kept.remove(install);
      return Optional.of(install);
    }
    return Optional.empty();
  }

  private synchronized Install take(List<String> fresh) {
    Install best = null;
    int shared = 0;
    for (Install install : kept) {
      int n = install.common(fresh);
      if (n > shared) {
        best = install;
        shared = n;
      }
    }
    kept.remove(best);
    return best;
  }

  /** Puts {@code install} back as the newest, closing the oldest beyond {@link #KEPT}. */
  synchronized void keep(Install install) {
    kept.add(install);
    while (kept.size() > KEPT) kept.remove(0).close();
  }

  /** Closes every kept install: this one before a full install, {@link SchemaSteps#forgetAll} as a new process starts. */
  synchronized void closeKept() {
    kept.forEach(Install::close);
    kept.clear();
  }

  /** Closes every kept install, as a new process starts (for tests). */
  void clear() {
    closeKept();
  }

  /** Full installs run in this process: what tests read to see one spared. */
  private static final AtomicLong FULL_INSTALLS = new AtomicLong();

  static long fullInstalls() {
    return FULL_INSTALLS.get();
  }

  /** How many installs are kept (for tests). */
  synchronized int size() {
    return kept.size();
  }
}
