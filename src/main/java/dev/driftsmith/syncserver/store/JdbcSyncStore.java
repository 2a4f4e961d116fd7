package dev.driftsmith.syncserver.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.driftsmith.syncserver.Caller;
import dev.driftsmith.syncserver.JsonSupport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import tools.jackson.databind.node.ObjectNode;

/** The store on SQLite or PostgreSQL through JDBC, with its schema kept by Flyway. */
public final class JdbcSyncStore implements SyncStore {
  /** Where the schema's migrations are on the class path. */
  static final String MIGRATIONS = "classpath:dev/driftsmith/syncserver/migration";

  /** How long a push waits for another push of the same user (or, on SQLite, any push) before answering 503. */
  static final int LOCK_WAIT_SECONDS = 10;

  /** Stripes of the in-process push locks; users that share one only take turns on this server. */
  static final int LOCK_STRIPES = 1024;

  private final Engine engine;
  private final HikariDataSource pool;
  /**
   * Pushes that would wait for the same database lock wait here first, fairly, without holding a
   * pooled connection: otherwise the devices of one user, all pushing, take the pool while they
   * wait for each other, and pulls queue behind them. SQLite has one writer at a time, so there it
   * is one lock (which also keeps pushes out of SQLite's busy handler, which polls and lets a
   * newcomer overtake a push that has waited long); on PostgreSQL one per user (striped). The
   * database lock still orders pushes that come through other servers.
   */
  private final ReentrantLock[] pushLocks;

  private JdbcSyncStore(Engine engine, HikariDataSource pool) {
    this.engine = engine;
    this.pool = pool;
    this.pushLocks = new ReentrantLock[engine == Engine.SQLITE ? 1 : LOCK_STRIPES];
    for (int i = 0; i < pushLocks.length; i++) pushLocks[i] = new ReentrantLock(true);
  }

  /** Connects, brings the schema to the newest version, and returns the store. */
  public static JdbcSyncStore open(StorageUrl url, int poolSize) {
    HikariDataSource pool = new HikariDataSource(poolConfig(url, poolSize));
    try {
      Flyway.configure().dataSource(pool).locations(MIGRATIONS).table("sync_schema_history").load().migrate();
      return new JdbcSyncStore(url.engine(), pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static HikariConfig poolConfig(StorageUrl url, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("sync-store");
    config.setJdbcUrl(url.jdbcUrl());
    config.setMaximumPoolSize(poolSize);
    config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(LOCK_WAIT_SECONDS));
    if (url.user() != null) config.setUsername(url.user());
    if (url.password() != null) config.setPassword(url.password());
    if (url.engine() == Engine.SQLITE) {
      // WAL lets pulls read while a push writes. synchronous=FULL: an answer "applied" is on disk
      // even after a power cut; the device forgets an applied change, so losing it would lose data.
      config.addDataSourceProperty("journal_mode", "WAL");
      config.addDataSourceProperty("synchronous", "FULL");
      config.addDataSourceProperty("busy_timeout", String.valueOf(TimeUnit.SECONDS.toMillis(LOCK_WAIT_SECONDS)));
      // BEGIN IMMEDIATE: a push holds the write lock from its first statement, so two pushes never
      // both read and then fail to upgrade to writing.
      config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    } else {
      config.addDataSourceProperty("options", "-c lock_timeout=" + TimeUnit.SECONDS.toMillis(LOCK_WAIT_SECONDS)
          + " -c statement_timeout=" + TimeUnit.SECONDS.toMillis(3L * LOCK_WAIT_SECONDS));
      config.addDataSourceProperty("ApplicationName", "driftsmith-sync-server");
    }
    return config;
  }

  @Override
  public String engine() {
    return engine.label();
  }

  @Override
  public List<PushResult> push(Caller caller, List<PushItem> items) throws StoreUnavailableException {
    if (items.isEmpty()) return List.of();
    ReentrantLock lock = pushLocks[Math.floorMod(caller.hashCode(), pushLocks.length)];
    try {
      if (!lock.tryLock(LOCK_WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new StoreUnavailableException("other pushes held the lock for " + LOCK_WAIT_SECONDS + " s", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while waiting for other pushes", e);
    }
    try (Connection c = pool.getConnection()) {
      return pushInTransaction(c, caller, items);
    } catch (SQLException e) {
      throw unavailable("push", e);
    } finally {
      lock.unlock();
    }
  }

  /** A race with another user's insert of the same new record id costs a rerun; it cannot repeat for ever. */
  static final int MAX_RUNS = 3;

  /**
   * Runs the batch in one transaction. When another user created one of its new record ids in the
   * meantime, the transaction is rolled back and run again: it then reads that record and answers
   * {@code rejected} for it.
   */
  private static List<PushResult> pushInTransaction(Connection c, Caller caller, List<PushItem> items)
      throws SQLException, StoreUnavailableException {
    c.setAutoCommit(false);
    try {
      for (int run = 1; ; run++) {
        try {
          List<PushResult> results = new PushBatch(c, caller, System.currentTimeMillis()).apply(items);
          c.commit();
          return results;
        } catch (PushBatch.RecordRaced e) {
          c.rollback();
          if (run == MAX_RUNS) throw new StoreUnavailableException(e.getMessage() + ", " + MAX_RUNS + " times", e);
        }
      }
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  @Override
  public PullPage pull(Caller caller, long after, int limit) throws StoreUnavailableException {
    // One statement: it reads one snapshot, and every change of this user up to the newest one it
    // sees has committed (see sync_streams), so the cursor it returns skips nothing.
    String sql = "SELECT entity, record_id, version, deleted, data, seq FROM sync_records"
        + " WHERE tenant_id = ? AND owner_id = ? AND seq > ? ORDER BY seq LIMIT ?";
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, caller.tenant());
      s.setString(2, caller.user());
      s.setLong(3, after);
      s.setInt(4, limit + 1);
      List<Change> changes = new ArrayList<>();
      boolean more = false;
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          if (changes.size() == limit) {
            more = true;
            break;
          }
          String data = rows.getString("data");
          changes.add(new Change(rows.getString("entity"), rows.getString("record_id"), rows.getInt("deleted") == 1,
              data == null ? null : (ObjectNode) JsonSupport.MAPPER.readTree(data), rows.getLong("version"), rows.getLong("seq")));
        }
      }
      long last = changes.isEmpty() ? after : changes.get(changes.size() - 1).seq();
      return new PullPage(changes, last, more);
    } catch (SQLException e) {
      throw unavailable("pull", e);
    }
  }

  @Override
  public void check() throws StoreUnavailableException {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("SELECT 1");
         ResultSet r = s.executeQuery()) {
      r.next();
    } catch (SQLException e) {
      throw unavailable("health check", e);
    }
  }

  private StoreUnavailableException unavailable(String what, SQLException e) {
    return new StoreUnavailableException(what + " failed on " + engine.label() + " (SQL state " + e.getSQLState() + "): "
        + e.getMessage(), e);
  }

  @Override
  public void close() {
    pool.close();
  }
}
