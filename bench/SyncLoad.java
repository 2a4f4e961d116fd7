import dev.driftsmith.syncserver.JsonSupport;
import dev.driftsmith.syncserver.conformance.Ops;
import dev.driftsmith.syncserver.conformance.ProtocolClient;
import dev.driftsmith.syncserver.conformance.ProtocolClient.Answer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Load on the reference sync server: N devices (5 per user) push and pull for S seconds, then
 * every device pulls its user's whole stream and the tool checks that every applied operation is
 * there exactly once (none lost, none applied twice). Starts the server itself, from the jar, on
 * 127.0.0.1 only.
 *
 * Run: java -cp target/driftsmith.jar bench/SyncLoad.java DB [clients] [seconds]
 *   DB: a SQLite file path (a new one) or a postgresql:// URL of an empty database.
 */
public class SyncLoad {
  static final int DEVICES_PER_USER = 5;
  static final int BATCH = 20;
  /** Every tenth push is sent twice, as a device does after a lost answer. */
  static final int RETRY_EVERY = 10;
  /** Upper bound on pushes per device, besides the time. */
  static final int MAX_PUSHES = 100_000;

  record Expected(long version, boolean deleted, int edits) {}

  /** What one device saw: latencies (µs), counts, and the expected state of the records it created. */
  static final class Device {
    final String name;
    final ProtocolClient client;
    final Random random;
    final List<Long> pushMicros = new ArrayList<>();
    final List<Long> pullMicros = new ArrayList<>();
    final Map<String, Expected> records = new HashMap<>();
    long applied;
    long retriedOps;
    long pulledChanges;
    long unexpected;
    String cursor;
    int created;

    Device(String name, ProtocolClient client, long seed) {
      this.name = name;
      this.client = client;
      this.random = new Random(seed);
    }
  }

  public static void main(String[] args) throws Exception {
    String db = args[0];
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    Path work = Files.createTempDirectory("driftsmith-sync-load");
    int users = (clients + DEVICES_PER_USER - 1) / DEVICES_PER_USER;
    StringBuilder tokens = new StringBuilder();
    for (int u = 0; u < users; u++) tokens.append("user").append(u).append(" token-of-user-").append(u).append("-0123456789\n");
    Path tokenFile = Files.writeString(work.resolve("tokens.txt"), tokens);
    Process server = new ProcessBuilder("java", "-jar", "target/driftsmith.jar", "sync-server", "--db", db, "--port", "0",
        "--tokens", tokenFile.toString(), "--pool-size", "16").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      URI base = awaitStart(server);
      String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
      HttpClient http = ProtocolClient.newHttpClient();
      List<Device> devices = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int user = c / DEVICES_PER_USER;
        devices.add(new Device("user" + user + "-device" + c, new ProtocolClient(http, base, "token-of-user-" + user + "-0123456789"), c));
      }
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      long start = System.nanoTime();
      long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
      List<Future<?>> running = new ArrayList<>();
      for (Device d : devices) running.add(pool.submit(() -> { drive(d, deadline); return null; }));
      for (Future<?> f : running) f.get(seconds + 120L, TimeUnit.SECONDS);
      double elapsed = (System.nanoTime() - start) / 1e9;
      String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
      pool.shutdown();
      report(devices, elapsed, loadBefore, loadAfter, db.startsWith("postgres") ? "postgresql" : "sqlite");
      verify(devices, users);
    } finally {
      server.destroy();
      server.waitFor(20, TimeUnit.SECONDS);
    }
  }

  /** Reads the server's JSON log until its "started" line, which names its URL. */
  static URI awaitStart(Process server) throws Exception {
    BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
    for (String line; (line = err.readLine()) != null; ) {
      JsonNode json = JsonSupport.MAPPER.readTree(line);
      if ("started".equals(json.path("event").asString())) {
        Thread drain = new Thread(() -> { try { while (err.readLine() != null) { } } catch (Exception e) { } });
        drain.setDaemon(true);
        drain.start();
        return URI.create(json.get("url").asString());
      }
    }
    throw new IllegalStateException("the server exited before it started");
  }

  static void drive(Device d, long deadline) throws Exception {
    for (int push = 0; push < MAX_PUSHES && System.nanoTime() < deadline; push++) {
      List<ObjectNode> batch = batch(d);
      Answer first = timedPush(d, batch);
      record(d, batch, first);
      if (push % RETRY_EVERY == RETRY_EVERY - 1) {
        Answer again = timedPush(d, batch);
        if (!first.body().get("results").equals(again.body().get("results"))) d.unexpected++;
        d.retriedOps += batch.size();
      }
      pullToEnd(d);
    }
  }

  /** Mostly new records; some edits (with the version the device knows) and deletes of its own records. */
  static List<ObjectNode> batch(Device d) {
    List<ObjectNode> ops = new ArrayList<>();
    List<String> live = d.records.entrySet().stream().filter(e -> !e.getValue().deleted()).map(Map.Entry::getKey).sorted().toList();
    java.util.Set<String> touched = new java.util.HashSet<>();
    for (int i = 0; i < BATCH; i++) {
      int dice = d.random.nextInt(10);
      if (dice < 2 && !live.isEmpty()) {
        String id = live.get(d.random.nextInt(live.size()));
        if (!touched.add(id)) continue;
        Expected e = d.records.get(id);
        ops.add(dice == 0 && d.random.nextInt(4) == 0
            ? Ops.delete("notes", id, e.version())
            : Ops.update("notes", id, Ops.data("edits", e.edits() + 1), e.version()));
      } else {
        String id = d.name + "-r" + (d.created++);
        touched.add(id);
        ops.add(Ops.insert("notes", id, Ops.data("device", d.name, "edits", 0, "body", "x".repeat(100))));
      }
    }
    return ops;
  }

  static Answer timedPush(Device d, List<ObjectNode> batch) throws Exception {
    long t = System.nanoTime();
    Answer answer = d.client.push(d.name, batch);
    d.pushMicros.add((System.nanoTime() - t) / 1000);
    if (answer.status() != 200) throw new IllegalStateException(d.name + ": push answered " + answer.status() + " " + answer.raw());
    return answer;
  }

  static void record(Device d, List<ObjectNode> batch, Answer answer) {
    JsonNode results = answer.body().get("results");
    for (int i = 0; i < batch.size(); i++) {
      ObjectNode op = batch.get(i);
      JsonNode r = results.get(i);
      if (!"applied".equals(r.path("status").asString())) {
        d.unexpected++;
        continue;
      }
      d.applied++;
      String id = op.get("recordId").asString();
      Expected before = d.records.get(id);
      long version = r.get("version").asLong();
      switch (op.get("op").asString()) {
        case "insert" -> d.records.put(id, new Expected(version, false, 0));
        case "update" -> d.records.put(id, new Expected(version, false, before.edits() + 1));
        default -> d.records.put(id, new Expected(version, true, before.edits()));
      }
    }
  }

  static void pullToEnd(Device d) throws Exception {
    for (int page = 0; page < 1000; page++) {
      long t = System.nanoTime();
      Answer pull = d.client.pull(d.name, d.cursor, 500);
      d.pullMicros.add((System.nanoTime() - t) / 1000);
      if (pull.status() != 200) throw new IllegalStateException(d.name + ": pull answered " + pull.status() + " " + pull.raw());
      d.pulledChanges += pull.body().get("changes").size();
      d.cursor = pull.body().get("cursor").asString();
      if (!pull.body().get("hasMore").asBoolean()) return;
    }
  }

  /** Every device pulls its user's stream from the start; each record its user's devices created must be there once, as expected. */
  static void verify(List<Device> devices, int users) throws Exception {
    long lost = 0;
    long duplicated = 0;
    long wrong = 0;
    long checked = 0;
    for (Device d : devices) {
      Map<String, Integer> times = new HashMap<>();
      Map<String, JsonNode> state = new HashMap<>();
      String cursor = null;
      for (int page = 0; page < 100_000; page++) {
        Answer pull = d.client.pull(d.name, cursor, 1000);
        for (JsonNode c : pull.body().get("changes")) {
          String id = c.get("recordId").asString();
          times.merge(id, 1, Integer::sum);
          state.put(id, c);
        }
        cursor = pull.body().get("cursor").asString();
        if (!pull.body().get("hasMore").asBoolean()) break;
      }
      String user = d.name.substring(0, d.name.indexOf('-'));
      for (Device owner : devices) {
        if (!owner.name.startsWith(user + "-")) continue;
        for (Map.Entry<String, Expected> e : owner.records.entrySet()) {
          checked++;
          JsonNode c = state.get(e.getKey());
          Expected x = e.getValue();
          if (c == null || c.get("version").asLong() < x.version()) lost++;
          else if (times.get(e.getKey()) > 1 || c.get("version").asLong() > x.version()) duplicated++;
          else if ("delete".equals(c.get("op").asString()) != x.deleted()
              || (!x.deleted() && c.get("data").get("edits").asInt() != x.edits())) wrong++;
        }
      }
      long foreign = state.keySet().stream().filter(id -> !id.startsWith(user + "-")).count();
      wrong += foreign;
    }
    System.out.printf("verified: %,d record states checked across %d devices: %d lost, %d duplicated, %d wrong%n",
        checked, devices.size(), lost, duplicated, wrong);
    if (lost + duplicated + wrong > 0) System.exit(1);
  }

  static void report(List<Device> devices, double elapsed, String loadBefore, String loadAfter, String engine) {
    long applied = devices.stream().mapToLong(d -> d.applied).sum();
    long retried = devices.stream().mapToLong(d -> d.retriedOps).sum();
    long unexpected = devices.stream().mapToLong(d -> d.unexpected).sum();
    long pulled = devices.stream().mapToLong(d -> d.pulledChanges).sum();
    long[] push = devices.stream().flatMap(d -> d.pushMicros.stream()).mapToLong(Long::longValue).sorted().toArray();
    long[] pull = devices.stream().flatMap(d -> d.pullMicros.stream()).mapToLong(Long::longValue).sorted().toArray();
    System.out.printf("%s, %d devices, %.1f s; load average before: %s; after: %s%n", engine, devices.size(), elapsed, loadBefore, loadAfter);
    System.out.printf("applied operations: %,d (%.0f ops/s); retried operations answered from storage: %,d; unexpected answers: %d%n",
        applied, applied / elapsed, retried, unexpected);
    System.out.printf("push requests (%d ops each): %,d (%.0f/s), p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        BATCH, push.length, push.length / elapsed, pct(push, 50), pct(push, 99), push[push.length - 1] / 1000.0);
    System.out.printf("pull requests: %,d (%.0f/s), %,d changes, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        pull.length, pull.length / elapsed, pulled, pct(pull, 50), pct(pull, 99), pull[pull.length - 1] / 1000.0);
  }

  static double pct(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1000.0;
  }
}
