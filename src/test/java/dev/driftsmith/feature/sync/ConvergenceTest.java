package dev.driftsmith.feature.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.project.keys.SyncConfig;
import dev.driftsmith.render.DartCode;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.syncserver.JsonLog;
import dev.driftsmith.syncserver.ServerLimits;
import dev.driftsmith.syncserver.SyncProtocol;
import dev.driftsmith.syncserver.SyncServer;
import dev.driftsmith.syncserver.auth.TokenFile;
import dev.driftsmith.syncserver.store.JdbcSyncStore;
import dev.driftsmith.syncserver.store.StorageUrl;
import dev.driftsmith.testing.Schemas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three devices of the demo project (every sync feature: partial-sync deltas, versioned tables,
 * serverWins, merge and lastWriteWins, parents and children, a junction table) make offline edits
 * and sync with the reference server over real HTTP on 127.0.0.1, in random but seeded scenarios:
 * random push and pull interleavings, lost push answers (the batch is sent again), a server restart
 * in the middle. Each device runs the generated SQL through {@link EngineTwin}. After everyone
 * syncs, every device and the server hold the same rows, cell by cell; no write is lost unless a
 * conflict resolution kept it in sync_conflicts; nothing is left queued, deferred or dead.
 *
 * <p>{@code -Dconvergence.seed=N} replays one scenario; {@code -Dconvergence.scenarios=N} runs
 * more (the bench run).
 */
class ConvergenceTest {
  static final long BASE_SEED = 20261202L;
  static final int DEVICES = 3;

  @TempDir
  static Path dir;

  static Manifest manifest;
  static DatabaseSchema schema;
  static EngineTwin.Sql sql;
  static EngineTwin.Rules rules;
  static Path template;
  static Path storage;
  static Path tokens;
  static volatile SyncServer server;
  static int port;
  static final Set<String> ran = Collections.synchronizedSet(new HashSet<>());
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static int users;

  @BeforeAll
  static void start() throws Exception {
    manifest = ManifestIo.parse(Files.readString(Path.of("src/test/resources/golden/demo/driftsmith.yaml")));
    schema = Schemas.of(manifest);
    sql = EngineTwin.Sql.of(manifest, schema);
    rules = EngineTwin.Rules.of(manifest);
    template = Device.template(schema, dir.resolve("template.sqlite"));
    // and 20 for the statement check, 20 for the fixed scenarios, the rest for the scenarios of every strategy
    users = scenarios() + 40 + strategyScenarios();
    StringBuilder lines = new StringBuilder("# one user per scenario, so each starts from an empty server\n");
    for (int i = 0; i < users; i++) lines.append("u").append(i).append(' ').append(token(i)).append('\n');
    tokens = Files.writeString(dir.resolve("tokens.txt"), lines.toString());
    storage = serverFolder().resolve("sync.sqlite");
    startServer(0);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
    if (!storage.getParent().equals(dir)) {
      try (var files = Files.list(storage.getParent())) {
        for (Path f : files.toList()) Files.delete(f);
      }
      Files.delete(storage.getParent());
    }
  }

  /**
   * Where the server keeps its database: in memory-backed /dev/shm when the machine has it, since
   * the server syncs every push to disk (synchronous=FULL) and the suite is about the protocol, not
   * the disk; else the test's temp folder.
   */
  static Path serverFolder() throws Exception {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "driftsmith-convergence-") : dir;
  }

  static void startServer(int onPort) throws Exception {
    SyncServer.Options options = new SyncServer.Options("127.0.0.1", onPort, "/sync", ServerLimits.DEFAULTS, Set.of());
    JsonLog quiet = new JsonLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    server = SyncServer.start(options, JdbcSyncStore.open(StorageUrl.parse(storage.toString()), 4), TokenFile.read(tokens), quiet);
    port = server.port();
  }

  /** A restart in the middle: the server stops and starts again on the same database and port. */
  static void restartServer() throws Exception {
    server.close();
    server = null;
    startServer(port);
  }

  static URI baseUrl() {
    return server.baseUrl();
  }

  static String token(int user) {
    return "token-" + user + "-0123456789abcdef";
  }

  static int scenarios() {
    return Integer.getInteger("convergence.scenarios", 1000);
  }

  /** Scenarios whose tables take clientWins and manual too: three for every ten of the demo's own. */
  static int strategyScenarios() {
    return Integer.getInteger("convergence.strategyScenarios", scenarios() * 3 / 10);
  }

  @Test
  void devicesAndTheServerConvergeInEveryScenario() throws Exception {
    String only = System.getProperty("convergence.seed");
    long started = System.nanoTime();
    double cpuAtStart = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
    int count = 0;
    if (only != null) {
      runScenario(Long.parseLong(only), 0);
      count = 1;
    } else {
      count = runInParallel(scenarios());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    // CPU time of the whole JVM (devices, HTTP and server): what the run costs on an idle machine.
    double cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9 - cpuAtStart;
    System.out.printf("convergence: %d scenarios of %d devices in %.1f s (%.1f s of CPU)%n", count, DEVICES, seconds, cpu);
    if (only == null && System.getProperty("convergence.scenarios") == null) {
      assertTrue(count >= 1000, "at least 1,000 scenarios");
      double budget = Double.parseDouble(System.getProperty("convergence.budgetSeconds", "240"));
      assertTrue(seconds < budget, count + " scenarios took " + seconds + " s, over the budget of " + budget + " s");
    }
  }

  static final long STRATEGY_SEED = 40261202L;

  /**
   * The random scenarios again, with each table's conflict strategy drawn per scenario (clientWins
   * and manual included, see {@link #strategiesOf}). The app settles the conflicts that wait for it
   * (manual) now and then and in the final phase, with a random choice (keep local, keep the
   * server's, a merged record), through the resolution statements of the engine. Converged means, in
   * addition to the demo's rules: no conflict is left open, and each record of a clientWins table
   * holds the last write of the device whose push the server applied last.
   * {@code -Dconvergence.strategySeed=N} replays one.
   */
  @Test
  void devicesConvergeUnderEveryConflictStrategy() throws Exception {
    String only = System.getProperty("convergence.strategySeed");
    long started = System.nanoTime();
    if (only != null) {
      runScenario(Long.parseLong(only), scenarios() + 40, true);
      return;
    }
    int count = strategyScenarios();
    runInParallel(count, i -> runScenario(STRATEGY_SEED + i, scenarios() + 40 + i, true));
    System.out.printf("convergence, every strategy: %d scenarios in %.1f s%n", count, (System.nanoTime() - started) / 1e9);
  }

  /**
   * The strategy of each table in the scenario of {@code seed}: the demo's, clientWins or manual for
   * the tables without partial sync; the demo's or manual for the partial-sync ones (whose pulled
   * deltas merge by the partial-sync rule, which the table strategy does not change). Drawn from a
   * generator of its own, so the scenario's steps are those of the same seed with the demo's rules.
   */
  static Map<String, String> strategiesOf(long seed) {
    Random random = new Random(~seed);
    Map<String, String> out = new TreeMap<>();
    for (String table : sql.update().keySet()) {
      String own = rules.strategyFor(table);
      List<String> choices = sql.applyDelta().containsKey(table) ? List.of(own, "manual") : List.of(own, "clientWins", "manual");
      out.put(table, choices.get(random.nextInt(choices.size())));
    }
    return out;
  }

  /** The twin runs exactly the statements rendered into sync_sql.dart, and speaks its transport's protocol version. */
  @Test
  void theTwinRunsTheStatementsOfSyncSqlDart() throws Exception {
    for (int i = 0; i < 20; i++) runScenario(BASE_SEED + i, scenarios() + i);
    String rendered = Files.readString(Path.of("src/test/resources/golden/demo/lib/data/sync/sync_sql.dart"));
    List<String> missing = new ArrayList<>();
    synchronized (ran) {
      for (String statement : ran) if (!rendered.contains(DartCode.string(statement))) missing.add(statement);
    }
    assertEquals(List.of(), missing, "statements the twin ran that sync_sql.dart does not hold");
    assertTrue(ran.size() > 40, "the scenarios reach most of the engine: " + ran.size() + " statements");
    String transport = Files.readString(Path.of("src/test/resources/golden/demo/lib/data/sync/sync_transport.dart"));
    assertTrue(transport.contains("static const int protocolVersion = " + SyncConfig.CURRENT_PROTOCOL + ";"), "the Dart transport's version");
    assertEquals(SyncProtocol.VERSION, SyncConfig.CURRENT_PROTOCOL, "the reference server speaks the client's version");
  }

  // --- Divergences the scenarios found, each as its smallest reproduction ---

  /** Devices of a hand-written scenario, on a user of their own. */
  static List<Device> devices(int count, int user) throws Exception {
    List<Device> out = new ArrayList<>();
    for (int d = 0; d < count; d++) {
      out.add(Device.open("d" + d, user, template, manifest, schema, sql, rules, ConvergenceTest::baseUrl, token(user), ran));
    }
    return out;
  }

  static void converged(List<Device> devices) throws Exception {
    settle(devices, new ArrayList<>());
    check(devices, List.of(), devices.get(0).user);
  }

  static int nextFixedUser = 0;

  static int fixedUser() {
    return scenarios() + 20 + nextFixedUser++;
  }

  /**
   * Seed 20261202: the engine binds the record and its id to missingParents, whose statement for a
   * table with a plain foreign key used ?1 only, so SQLite counted one parameter and the bind failed.
   */
  @Test
  void aPulledNoteWithACategoryIsStored() throws Exception {
    List<Device> d = devices(2, fixedUser());
    d.get(0).exec("INSERT INTO categories (name, color) VALUES ('home', '#1')");
    d.get(0).exec("INSERT INTO notes (title, pinned, category_id) VALUES ('milk', 0, 1)");
    assertTrue(d.get(0).engine.sync());
    assertTrue(d.get(1).engine.sync());
    assertEquals(1, d.get(1).count("SELECT count(*) FROM notes WHERE category_id IS NOT NULL"));
    converged(d);
  }

  /**
   * Seed 20261210: a tag linked to a todo on one device while another deleted the todo. Applying the
   * delete, SQLite cascaded to the link under the guard, so nothing was queued, and the server kept
   * a link no device had any more.
   */
  @Test
  void aLinkToATodoDeletedElsewhereGoesEverywhere() throws Exception {
    List<Device> d = devices(2, fixedUser());
    d.get(0).exec("INSERT INTO todos (title, priority) VALUES ('milk', 1)");
    d.get(0).exec("INSERT INTO tags (label) VALUES ('red')");
    assertTrue(d.get(0).engine.sync());
    assertTrue(d.get(1).engine.sync());
    d.get(1).exec("INSERT INTO todos_tags (todo_id, tag_id) VALUES (1, 1)");
    assertTrue(d.get(1).engine.sync());
    d.get(0).exec("DELETE FROM todos WHERE id = 1");
    assertTrue(d.get(0).engine.sync());
    assertTrue(d.get(1).engine.sync());
    converged(d);
    assertEquals(Map.of(), serverState(d.get(0)).get("todos_tags"), "the link went with its todo, on the server too");
  }

  /**
   * A note filed offline under a category that another device deleted: the note waits on the third
   * device for its category, which never comes; the device that filed it lets go of the category
   * when it applies the delete, and that change must reach the waiting device and replace what waits.
   */
  @Test
  void aNoteFiledUnderACategoryDeletedElsewhereEndsUnfiledEverywhere() throws Exception {
    List<Device> d = devices(3, fixedUser());
    d.get(0).exec("INSERT INTO categories (name, color) VALUES ('home', '#1')");
    assertTrue(d.get(0).engine.sync());
    assertTrue(d.get(1).engine.sync());
    d.get(1).exec("INSERT INTO notes (title, pinned, category_id) VALUES ('milk', 0, 1)");
    d.get(0).exec("DELETE FROM categories WHERE id = 1");
    assertTrue(d.get(0).engine.sync());
    assertTrue(pushOnly(d.get(1)));
    assertTrue(d.get(2).engine.sync());
    assertEquals(1, d.get(2).count("SELECT count(*) FROM sync_deferred"), "the note waits for its category");
    assertTrue(d.get(1).engine.sync());
    converged(d);
    assertEquals(1, d.get(2).count("SELECT count(*) FROM notes WHERE title = 'milk' AND category_id IS NULL"));
  }

  /**
   * Seed 20261639: a note pushed, its answer lost, then pinned here, then a pull. The pull brought
   * the device's own insert back, and the partial-sync merge (pinned: serverWins) put the old value
   * over the newer local edit, with no conflict to show for it.
   */
  @Test
  void aDevicesOwnChangeComingBackDoesNotUndoANewerEdit() throws Exception {
    List<Device> d = devices(1, fixedUser());
    Device a = d.get(0);
    a.exec("INSERT INTO notes (title, pinned) VALUES ('milk', 1)");
    a.engine.loseNextResponse = true;
    assertFalse(a.engine.sync(), "the answer is lost: the engine counts the server unreachable");
    a.exec("UPDATE notes SET pinned = 0 WHERE id = 1");
    assertTrue(pullOnly(a));
    assertEquals(0, a.count("SELECT pinned FROM notes"), "the pull brought back the device's own insert, not news");
    converged(d);
    assertEquals(false, serverState(a).get("notes").values().iterator().next().get("pinned"));
  }

  /**
   * Seed 20261346, found after the fix above first skipped every pulled version the device had: the
   * server keeps the element-wise maximum of vector clocks, so the record it stores at a version
   * can differ from what the device pushed, and the device must still take it when nothing newer is
   * queued here.
   */
  @Test
  void aVectorClockTheServerMergedReachesTheDeviceThatPushed() throws Exception {
    List<Device> d = devices(2, fixedUser());
    d.get(0).exec("INSERT INTO notes (title, pinned) VALUES ('milk', 0)");
    assertTrue(d.get(0).engine.sync());
    assertTrue(d.get(1).engine.sync());
    String next = "version = json_set(version, '$.\"' || (SELECT meta_value FROM sync_meta WHERE meta_key = 'node_id') || '\"', 1)";
    d.get(1).exec("UPDATE notes SET title = 'oat milk', " + next);
    assertTrue(d.get(1).engine.sync());
    d.get(0).exec("UPDATE notes SET body = 'two litres', " + next);
    converged(d);
    assertEquals(2, d.get(0).count("SELECT count(*) FROM notes, json_each(notes.version)"), "both devices' counters");
  }

  /**
   * Seed 20262667: a todo filed under another category on one device while a second device, applying
   * a third's delete of its old category, let go of the reference. The touch trigger gave that
   * release a fresh updated_at, so under lastWriteWins it beat the newer filing as a whole record,
   * and the filing was lost with no sync_conflicts row. The release is not the user's edit: it keeps
   * the row's updated_at, loses to the filing, and the device that released keeps it as a conflict.
   */
  @Test
  void aTodoFiledElsewhereWinsOverTheReleaseOfItsDeletedCategory() throws Exception {
    List<Device> d = devices(3, fixedUser());
    d.get(0).exec("INSERT INTO categories (name, color) VALUES ('home', '#1')");
    d.get(0).exec("INSERT INTO categories (name, color) VALUES ('work', '#2')");
    d.get(0).exec("INSERT INTO todos (title, priority, category_id) VALUES ('milk', 1, 1)");
    for (Device device : d) assertTrue(device.engine.sync());
    d.get(0).exec("DELETE FROM categories WHERE name = 'home'");
    assertTrue(d.get(0).engine.sync());
    Thread.sleep(5); // the filing and the release fall in different milliseconds, as across devices
    d.get(2).exec("UPDATE todos SET category_id = (SELECT id FROM categories WHERE name = 'work'), version = version + 1");
    assertTrue(d.get(2).engine.sync());
    Thread.sleep(5);
    assertTrue(d.get(1).engine.sync());
    converged(d);
    String filed = "SELECT count(*) FROM todos JOIN categories ON categories.id = todos.category_id WHERE categories.name = 'work'";
    for (Device device : d) assertEquals(1, device.count(filed), device + ": the todo stays filed under work");
    assertEquals(1, d.get(1).count("SELECT count(*) FROM sync_conflicts WHERE entity = 'todos'"),
        "the device whose release lost keeps it as a conflict");
  }

  /** A note's edit as the app makes it: this device's counter in the vector clock goes up. */
  static final String TICK = "version = json_set(version, '$.\"' || (SELECT meta_value FROM sync_meta WHERE meta_key = 'node_id')"
      + " || '\"', coalesce(json_extract(version, '$.\"' || (SELECT meta_value FROM sync_meta WHERE meta_key = 'node_id') || '\"'), 0) + 1)";

  static long clockCounters(Device d) throws Exception {
    return d.count("SELECT count(*) FROM notes, json_each(notes.version)");
  }

  /**
   * Seed 20263016: a device's edit of a note went out and its answer was lost; a pull brought the
   * other device's newer version meanwhile, which waited in sync_deferred behind the edit. The edit,
   * sent again, lost its conflict, was merged and applied, and the server stored the merge with both
   * devices' counters. The pull of that version joined the waiting change, which was then skipped
   * for good because the device already had its version number, so the device kept a clock without
   * the other device's counter.
   */
  @Test
  void aMergedVersionThatWaitsBehindAnEditWhoseAnswerWasLostIsApplied() throws Exception {
    List<Device> d = devices(2, fixedUser());
    d.get(0).exec("INSERT INTO notes (title, pinned) VALUES ('milk', 0)");
    assertTrue(d.get(0).engine.sync());
    assertTrue(d.get(1).engine.sync());
    d.get(0).exec("UPDATE notes SET title = 'oat milk', " + TICK);
    assertTrue(d.get(0).engine.sync());
    d.get(1).exec("UPDATE notes SET body = 'two litres', " + TICK);
    d.get(1).engine.loseNextResponse = true;
    assertFalse(d.get(1).engine.sync(), "the answer to the edit is lost");
    assertTrue(pullOnly(d.get(1)));
    assertEquals(1, d.get(1).count("SELECT count(*) FROM sync_deferred"), "the pulled version waits behind the edit");
    converged(d);
    for (Device device : d) assertEquals(2, clockCounters(device), device + ": both devices' counters");
  }

  /**
   * Seeds 20264181 and 20264530 (both shrink to these steps): a device's new note went out and the
   * answer was lost; a pull brought the note back, which waited as the device's own insert while a
   * newer local edit was queued. Another device edited the note first, so that edit lost its
   * conflict and was merged; the merged version the server stored, with both counters, joined the
   * waiting insert and was skipped for good, as the device had its version number.
   */
  @Test
  void aMergedVersionThatWaitsBehindTheDevicesOwnInsertIsApplied() throws Exception {
    List<Device> d = devices(2, fixedUser());
    d.get(1).exec("INSERT INTO notes (title, pinned) VALUES ('milk', 0)");
    d.get(1).engine.loseNextResponse = true;
    assertFalse(d.get(1).engine.sync(), "the answer to the insert is lost");
    assertTrue(pullOnly(d.get(1)));
    assertEquals(1, d.get(1).count("SELECT count(*) FROM sync_deferred"), "the device's own insert, back, waits");
    d.get(1).exec("UPDATE notes SET title = 'oat milk', " + TICK);
    assertTrue(d.get(0).engine.sync());
    d.get(0).exec("UPDATE notes SET body = 'two litres', " + TICK);
    assertTrue(d.get(0).engine.sync());
    converged(d);
    for (Device device : d) assertEquals(2, clockCounters(device), device + ": both devices' counters");
  }

  /**
   * Seed 20263118: a device's edit of a note lost its conflict to another device's, which had filed
   * the note under a new category. The merged note waited in sync_deferred for that category, and
   * the merge, pushed, was stored with both counters. The pull brought the category and that
   * version, which joined the waiting merge and was skipped for good, as the device had its version
   * number: the device kept its own edit without the category and the other device's counter.
   */
  @Test
  void aMergedVersionThatWaitsForItsCategoryIsAppliedWhenTheCategoryArrives() throws Exception {
    List<Device> d = devices(2, fixedUser());
    d.get(0).exec("INSERT INTO notes (title, pinned) VALUES ('milk', 0)");
    assertTrue(d.get(0).engine.sync());
    assertTrue(d.get(1).engine.sync());
    d.get(1).exec("INSERT INTO categories (name, color) VALUES ('home', '#1')");
    d.get(1).exec("UPDATE notes SET category_id = (SELECT id FROM categories WHERE name = 'home'), " + TICK);
    assertTrue(d.get(1).engine.sync());
    d.get(0).exec("UPDATE notes SET body = 'two litres', " + TICK);
    converged(d);
    String filed = "SELECT count(*) FROM notes JOIN categories ON categories.id = notes.category_id"
        + " WHERE categories.name = 'home' AND notes.body = 'two litres'";
    for (Device device : d) {
      assertEquals(1, device.count(filed), device + ": the note keeps both edits, filed under home");
      assertEquals(2, clockCounters(device), device + ": both devices' counters");
    }
  }

  /**
   * Scenarios run {@code convergence.threads} (2) at a time, each on a user of its own, so they do
   * not see each other's records; one that restarts the server runs alone (a write lock). A
   * divergence fails the test after every scenario ran, with the seeds of all that diverged.
   */
  static int runInParallel(int count) throws Exception {
    return runInParallel(count, i -> runScenario(BASE_SEED + i, i));
  }

  interface Scenario {
    void run(int index) throws Exception;
  }

  static int runInParallel(int count, Scenario scenario) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Integer.getInteger("convergence.threads", 2));
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        runs.add(pool.submit(() -> {
          scenario.run(index);
          return null;
        }));
      }
      // Every scenario runs to its end, so a bench run reports all the seeds that diverge, not the first.
      List<AssertionError> divergences = new ArrayList<>();
      for (Future<?> run : runs) {
        try {
          run.get();
        } catch (ExecutionException e) {
          divergences.add(e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause()));
        }
      }
      if (divergences.isEmpty()) return count;
      AssertionError first = divergences.get(0);
      AssertionError all = new AssertionError(divergences.size() + " of " + count + " scenarios diverged: "
          + divergences.stream().map(d -> d.getMessage().substring(0, d.getMessage().indexOf(" diverged"))).toList()
          + "\n" + first.getMessage(), first);
      divergences.subList(1, divergences.size()).forEach(all::addSuppressed);
      throw all;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Held for reading by every scenario, for writing by one that restarts the server. */
  static final ReentrantReadWriteLock SERVER = new ReentrantReadWriteLock(true);

  // --- One scenario ---

  /** A local write as the app made it: the fields of one record after the write, or its deletion. */
  record Write(String device, String entity, String recordId, Map<String, Object> after) {}

  /** A push the server applied: the device, the record and the version it got. */
  record Push(String device, String entity, String recordId, Long version) {}

  static void runScenario(long seed, int user) throws Exception {
    runScenario(seed, user, false);
  }

  /** {@code everyStrategy}: the tables take the strategies of {@link #strategiesOf}, and the app settles manual conflicts. */
  static void runScenario(long seed, int user, boolean everyStrategy) throws Exception {
    Random random = new Random(seed);
    List<String> log = new ArrayList<>();
    List<Write> writes = new ArrayList<>();
    List<Device> devices = new ArrayList<>();
    Map<String, String> strategies = everyStrategy ? strategiesOf(seed) : Map.of();
    EngineTwin.Rules scenarioRules = rules.withTableStrategies(strategies);
    Random app = new Random(seed * 31 + 7);
    List<Push> pushes = Collections.synchronizedList(new ArrayList<>());
    if (everyStrategy) log.add("strategies " + strategies);
    int steps = 8 + random.nextInt(24);
    int restartAt = random.nextInt(100) < 4 ? random.nextInt(steps) : -1;
    Lock lock = restartAt >= 0 ? SERVER.writeLock() : SERVER.readLock();
    lock.lock();
    try {
      for (int d = 0; d < DEVICES; d++) {
        Device device = Device.open("d" + d, user, template, manifest, schema, sql, scenarioRules, ConvergenceTest::baseUrl, token(user), ran);
        device.engine.onApplied = (o, r) -> pushes.add(new Push(device.name, o.entity(), o.recordId(), r.version()));
        device.sharedNames = everyStrategy;
        devices.add(device);
      }
      for (int step = 0; step < steps; step++) {
        Device device = devices.get(random.nextInt(DEVICES));
        int action = random.nextInt(100);
        if (step == restartAt) {
          restartServer();
          log.add("server restart");
        } else if (everyStrategy && action >= 96) {
          log.add(device + ": the app settles its conflicts: " + resolveConflicts(device, app));
        } else if (action < 55) {
          Map<String, Map<String, Map<String, Object>>> before = device.state();
          String what = device.randomWrite(random, step);
          log.add(device + ": " + what);
          recordWrites(device, before, device.state(), writes);
        } else if (action < 80) {
          log.add(device + ": sync" + (device.engine.sync() ? "" : " (unreachable)"));
        } else if (action < 87) {
          device.engine.loseNextResponse = true;
          log.add(device + ": sync, the push answer is lost" + (device.engine.sync() ? "" : " (unreachable)"));
          device.engine.loseNextResponse = false;
        } else if (action < 93) {
          log.add(device + ": push only" + (pushOnly(device) ? "" : " (unreachable)"));
        } else {
          log.add(device + ": pull only" + (pullOnly(device) ? "" : " (unreachable)"));
        }
      }
      settle(devices, log, everyStrategy ? app : null);
      check(devices, writes, user);
      if (everyStrategy) checkClientWins(strategies, writes, pushes, serverState(user), yielded(devices));
    } catch (AssertionError | Exception e) {
      String replay = "seed " + seed + " diverged (replay: mvn -o -q test -Dtest=ConvergenceTest#" + (everyStrategy
          ? "devicesConvergeUnderEveryConflictStrategy -Dconvergence.strategySeed=" : "devicesAndTheServerConvergeInEveryScenario -Dconvergence.seed=")
          + seed + ")\n  " + String.join("\n  ", log) + "\n" + e.getMessage();
      throw new AssertionError(replay, e);
    } finally {
      for (Device d : devices) d.close();
      lock.unlock();
    }
  }

  static boolean pushOnly(Device d) throws Exception {
    return d.engine.pushOnly();
  }

  static boolean pullOnly(Device d) throws Exception {
    return d.engine.pullOnly();
  }

  /**
   * Everyone syncs, round after round, until two rounds in a row end with nothing queued anywhere
   * (the second pulls what the last pushes changed; a pulled change may queue more, e.g. children
   * released by a parent's delete).
   */
  static void settle(List<Device> devices, List<String> log) throws Exception {
    settle(devices, log, null);
  }

  /** {@code app}: when given, each device's app settles the conflicts waiting for it after each round of syncs. */
  static void settle(List<Device> devices, List<String> log, Random app) throws Exception {
    int quiet = 0;
    for (int round = 1; round <= 10; round++) {
      for (Device d : devices) assertTrue(d.engine.sync(), d + " could not reach the server while settling");
      // A pulled change the twin could not store is reported, not thrown, as in Dart: none may be.
      for (Device d : devices) assertEquals(List.of(), d.engine.remoteErrors, d + ": pulled changes that could not be stored");
      if (app != null) {
        for (Device d : devices) {
          String settled = resolveConflicts(d, app);
          if (!settled.equals("none")) log.add(d + ": the app settles its conflicts: " + settled);
        }
      }
      long queued = 0;
      for (Device d : devices) queued += d.count("SELECT count(*) FROM sync_outbox");
      quiet = queued == 0 ? quiet + 1 : 0;
      if (quiet == 2) {
        log.add("settled after " + round + " rounds");
        return;
      }
    }
    fail("the devices did not settle in 10 rounds: queues " + queues(devices));
  }

  /**
   * What an app does with the conflicts that wait for it: settles each with a random choice, through
   * the engine's resolveConflict. A merged record is the server's with the local change on top; a
   * delete on either side has nothing to merge. Returns what it chose, for replays.
   */
  static String resolveConflicts(Device d, Random app) throws Exception {
    List<String> chosen = new ArrayList<>();
    for (EngineTwin.Conflict c : d.engine.openConflicts()) {
      boolean mergeable = c.local() != null && c.server() != null;
      EngineTwin.Choice choice = EngineTwin.Choice.values()[app.nextInt(mergeable ? 3 : 2)];
      Map<String, Object> merged = null;
      if (choice == EngineTwin.Choice.useMerged) {
        merged = new LinkedHashMap<>(c.server());
        merged.putAll(c.local());
      }
      d.engine.resolveConflict(c.id(), choice, merged);
      chosen.add(c.entity() + " " + choice);
    }
    return chosen.isEmpty() ? "none" : String.join(", ", chosen);
  }

  static String queues(List<Device> devices) throws Exception {
    StringBuilder out = new StringBuilder();
    for (Device d : devices) out.append(d).append('=').append(d.rows("SELECT entity, record_id, op, state, last_error FROM sync_outbox")).append(' ');
    return out.toString();
  }

  static void recordWrites(Device d, Map<String, Map<String, Map<String, Object>>> before,
                           Map<String, Map<String, Map<String, Object>>> after, List<Write> writes) {
    for (String entity : after.keySet()) {
      Map<String, Map<String, Object>> was = before.get(entity);
      Map<String, Map<String, Object>> now = after.get(entity);
      for (Map.Entry<String, Map<String, Object>> e : now.entrySet()) {
        if (!Objects.equals(was.get(e.getKey()), e.getValue())) writes.add(new Write(d.name, entity, e.getKey(), e.getValue()));
      }
      for (String gone : was.keySet()) if (!now.containsKey(gone)) writes.add(new Write(d.name, entity, gone, null));
    }
  }

  // --- The checks after everyone synced ---

  static void check(List<Device> devices, List<Write> writes, int user) throws Exception {
    Map<String, Map<String, Map<String, Object>>> onServer = serverState(user);
    for (Device d : devices) {
      assertEquals(List.of(), d.rows("SELECT entity, record_id, op, state, payload, last_error, server_response FROM sync_outbox"),
          d + ": nothing left queued, in conflict or dead");
      assertEquals(List.of(), d.rows("SELECT entity, record_id, payload FROM sync_deferred"), d + ": no server change left waiting");
      assertEquals(List.of(), d.rows("PRAGMA foreign_key_check"), d + ": every reference points at a row");
      assertEquals(List.of(), d.rows("SELECT entity, record_id FROM sync_conflicts WHERE resolved_at IS NULL"), d + ": no conflict left open");
      Map<String, Map<String, Map<String, Object>>> local = d.state();
      if (!local.equals(onServer)) fail(d + " differs from the server: " + difference(local, onServer));
    }
    Set<String> conflicted = new HashSet<>();
    for (Device d : devices) {
      for (Map<String, Object> row : d.rows("SELECT entity || '/' || record_id AS k FROM sync_conflicts")) conflicted.add((String) row.get("k"));
    }
    checkNoWriteLost(writes, onServer, conflicted, yielded(devices));
  }

  /** The records that lost to another on a unique column (sync deleted them, as it does a parent deleted elsewhere). */
  static Set<String> yielded(List<Device> devices) throws Exception {
    Set<String> out = new HashSet<>();
    for (Device d : devices) {
      for (Map<String, Object> row : d.rows("SELECT record_id FROM sync_conflicts WHERE resolution LIKE 'unique: %'")) {
        out.add((String) row.get("record_id"));
      }
    }
    return out;
  }

  /**
   * A device's last write of each record stands at the end, unless another device wrote that record
   * (or deleted it, or a parent it references) too, or a conflict resolution kept the losing side
   * in sync_conflicts.
   */
  /** {@code yielded}: records that lost on a unique column, deleted by sync as a parent deleted on a device is. */
  static void checkNoWriteLost(List<Write> writes, Map<String, Map<String, Map<String, Object>>> onServer, Set<String> conflicted,
                               Set<String> yielded) {
    Map<String, Write> last = new LinkedHashMap<>();
    Map<String, Set<String>> writersOf = new TreeMap<>();
    for (Write w : writes) {
      String record = w.entity() + "/" + w.recordId();
      last.put(w.device() + " " + record, w);
      writersOf.computeIfAbsent(record, k -> new java.util.TreeSet<>()).add(w.device());
    }
    Set<String> deleted = new HashSet<>(yielded);
    for (Write w : writes) if (w.after() == null) deleted.add(w.recordId());
    for (Write w : last.values()) {
      String record = w.entity() + "/" + w.recordId();
      if (conflicted.contains(record) || writersOf.get(record).size() > 1) continue;
      // A parent deleted on a device takes its children's links and references along (ON DELETE).
      if (w.after() != null && w.after().values().stream().anyMatch(deleted::contains)) continue;
      Map<String, Object> stored = onServer.get(w.entity()).get(w.recordId());
      assertEquals(w.after(), stored, w.device() + "'s last write of " + record + " (no other device touched it) must stand");
    }
  }

  /**
   * clientWins: each record holds the last write of the device whose push of it the server applied
   * last (the highest version; deletes of what the server had deleted already answer its version).
   * Skipped where that device made no write of the record (it let go of a parent deleted
   * elsewhere) or a write of it references a deleted record or one that lost on a unique column
   * (ON DELETE actions followed).
   */
  static void checkClientWins(Map<String, String> strategies, List<Write> writes, List<Push> pushes,
                              Map<String, Map<String, Map<String, Object>>> onServer, Set<String> yielded) {
    Map<String, Push> lastPush = new TreeMap<>();
    synchronized (pushes) {
      for (Push p : pushes) {
        if (!"clientWins".equals(strategies.get(p.entity())) || p.version() == null) continue;
        lastPush.merge(p.entity() + "/" + p.recordId(), p, (a, b) -> b.version() >= a.version() ? b : a);
      }
    }
    Set<String> deleted = new HashSet<>(yielded);
    for (Write w : writes) if (w.after() == null) deleted.add(w.recordId());
    for (Push p : lastPush.values()) {
      Write last = null;
      boolean released = false;
      for (Write w : writes) {
        if (!w.entity().equals(p.entity()) || !w.recordId().equals(p.recordId())) continue;
        if (w.after() != null && w.after().values().stream().anyMatch(deleted::contains)) released = true;
        if (w.device().equals(p.device())) last = w;
      }
      if (last == null || released) continue;
      assertEquals(last.after(), onServer.get(p.entity()).get(p.recordId()),
          p.entity() + "/" + p.recordId() + " (clientWins): " + p.device() + " pushed last (version " + p.version() + "), its last write stands");
    }
  }

  static String difference(Map<String, Map<String, Map<String, Object>>> local, Map<String, Map<String, Map<String, Object>>> server) {
    StringBuilder out = new StringBuilder();
    for (String entity : server.keySet()) {
      Map<String, Map<String, Object>> a = local.getOrDefault(entity, Map.of());
      Map<String, Map<String, Object>> b = server.get(entity);
      Set<String> ids = new java.util.TreeSet<>(a.keySet());
      ids.addAll(b.keySet());
      for (String id : ids) {
        if (!Objects.equals(a.get(id), b.get(id))) out.append("\n    ").append(entity).append('/').append(id)
            .append(": device ").append(a.get(id)).append(" server ").append(b.get(id));
      }
    }
    return out.toString();
  }

  /** What a new device pulling from the start would get: the server's live records. */
  static Map<String, Map<String, Map<String, Object>>> serverState(Device any) throws Exception {
    return serverState(any.user);
  }

  static Map<String, Map<String, Map<String, Object>>> serverState(int user) throws Exception {
    return serverState(baseUrl(), user, sql.update().keySet());
  }

  /** The live records of {@code user} on the server at {@code base}, for each of {@code entities}. */
  static Map<String, Map<String, Map<String, Object>>> serverState(URI base, int user, Set<String> entities) throws Exception {
    Map<String, Map<String, Map<String, Object>>> out = new TreeMap<>();
    for (String entity : entities) out.put(entity, new TreeMap<>());
    String cursor = null;
    while (true) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("clientId", "observer");
      body.put("cursor", cursor);
      body.put("limit", 1000);
      HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/pull"))
          .header("content-type", "application/json").header("authorization", "Bearer " + token(user))
          .header(SyncProtocol.VERSION_HEADER, String.valueOf(SyncProtocol.VERSION))
          .POST(HttpRequest.BodyPublishers.ofString(EngineTwin.json(body))).build();
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
      Map<String, Object> page = EngineTwin.decode(response.body());
      for (Object item : (List<?>) page.get("changes")) {
        Map<String, Object> change = EngineTwin.map(item);
        Map<String, Map<String, Object>> records = out.get((String) change.get("entity"));
        String id = (String) change.get("recordId");
        if ("delete".equals(change.get("op"))) {
          records.remove(id);
        } else {
          Map<String, Object> merged = new LinkedHashMap<>(records.getOrDefault(id, Map.of()));
          merged.putAll(EngineTwin.map(change.get("data")));
          records.put(id, merged);
        }
      }
      cursor = (String) page.get("cursor");
      if (!Boolean.TRUE.equals(page.get("hasMore"))) return out;
    }
  }
}
