package dev.driftsmith.syncserver;

import static dev.driftsmith.syncserver.conformance.Ops.data;
import static dev.driftsmith.syncserver.conformance.Ops.insert;
import static dev.driftsmith.syncserver.conformance.Ops.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.syncserver.conformance.ProtocolClient;
import dev.driftsmith.syncserver.conformance.ProtocolClient.Answer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Eight devices of one user push at once, spread over the given servers, while four devices pull
 * in pages of five, alternating between the servers. Every puller must see every record at its
 * final version, never one version twice, and versions only going up; records that changed once
 * must arrive exactly once. A cursor that passed a change committing later (a sequence number
 * taken before commit) loses records here: such a store, its writes slowed by 2 ms each as on a
 * loaded database, failed two runs in three.
 */
public final class ConcurrentWorkload {
  private ConcurrentWorkload() {}

  static final int WRITERS = 8;
  static final int BATCHES = 20;
  static final int PULLERS = 4;
  static final long TIMEOUT_SECONDS = 120;

  public static void run(List<ProtocolClient> servers) throws Exception {
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + PULLERS);
    try {
      // Pullers first, and writers only once every puller is pulling, so the two overlap.
      CountDownLatch pulling = new CountDownLatch(PULLERS);
      List<Future<List<JsonNode>>> pulls = new ArrayList<>();
      for (int p = 0; p < PULLERS; p++) {
        int puller = p;
        pulls.add(pool.submit(() -> pullUntilQuiet(servers, puller, writing, pulling)));
      }
      assertTrue(pulling.await(60, TimeUnit.SECONDS), "pullers started");
      List<Future<List<String>>> pushes = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        pushes.add(pool.submit(() -> pushBatches(servers.get(writer % servers.size()), writer)));
      }
      for (Future<List<String>> push : pushes) {
        List<String> statuses = push.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertTrue(statuses.stream().allMatch("applied"::equals), "every operation applied: " + statuses);
      }
      writing.set(false);
      for (Future<List<JsonNode>> pull : pulls) assertPulledExactly(expected(), pull.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
  }

  /** Final versions: the first record of every batch but the last was updated once. */
  private static Map<String, Long> expected() {
    Map<String, Long> expected = new HashMap<>();
    for (int w = 0; w < WRITERS; w++) {
      for (int b = 0; b < BATCHES; b++) {
        for (int i = 0; i < 3; i++) expected.put(id(w, b, i), i == 0 && b < BATCHES - 1 ? 2L : 1L);
      }
    }
    return expected;
  }

  private static String id(int writer, int batch, int i) {
    return "w" + writer + "-b" + batch + "-" + i;
  }

  /** Each batch inserts three records and updates the first record of the batch before. */
  private static List<String> pushBatches(ProtocolClient client, int writer) throws Exception {
    List<String> statuses = new ArrayList<>();
    for (int b = 0; b < BATCHES; b++) {
      List<ObjectNode> ops = new ArrayList<>();
      for (int i = 0; i < 3; i++) ops.add(insert("notes", id(writer, b, i), data("writer", writer, "batch", b)));
      if (b > 0) ops.add(update("notes", id(writer, b - 1, 0), data("edited", true), 1L));
      Answer answer = client.push("writer-" + writer, ops);
      assertEquals(200, answer.status(), answer.raw());
      for (JsonNode r : answer.body().get("results")) statuses.add(r.get("status").stringValue());
    }
    return statuses;
  }

  /** Pulls until the writers are done and a pull started after that has nothing more. */
  private static List<JsonNode> pullUntilQuiet(List<ProtocolClient> servers, int puller, AtomicBoolean writing,
                                               CountDownLatch pulling) throws Exception {
    List<JsonNode> seen = new ArrayList<>();
    String cursor = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    for (int round = 0; round < 100_000 && System.nanoTime() < deadline; round++) {
      boolean wasWriting = writing.get();
      Answer page = servers.get(round % servers.size()).pull("puller-" + puller, cursor, 5);
      assertEquals(200, page.status(), page.raw());
      page.body().get("changes").forEach(seen::add);
      if (round == 0) pulling.countDown();
      cursor = page.body().get("cursor").stringValue();
      if (!wasWriting && !page.body().get("hasMore").booleanValue()) return seen;
    }
    throw new AssertionError("puller " + puller + " did not catch up within its bounds");
  }

  private static void assertPulledExactly(Map<String, Long> expected, List<JsonNode> seen) {
    Map<String, Long> last = new HashMap<>();
    Map<String, Integer> times = new HashMap<>();
    for (JsonNode change : seen) {
      String id = change.get("recordId").stringValue();
      long version = change.get("version").longValue();
      Long before = last.put(id, version);
      assertTrue(before == null || before < version, id + " came at version " + version + " after " + before);
      times.merge(id, 1, Integer::sum);
    }
    assertEquals(expected, last, "every record at its final version, none missing");
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      if (e.getValue() == 1) assertEquals(1, times.get(e.getKey()), e.getKey() + " changed once and is pulled once");
    }
  }
}
