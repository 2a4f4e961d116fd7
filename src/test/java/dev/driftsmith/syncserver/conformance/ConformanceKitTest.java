package dev.driftsmith.syncserver.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.syncserver.Caller;
import dev.driftsmith.syncserver.Harness;
import dev.driftsmith.syncserver.ServerLimits;
import dev.driftsmith.syncserver.SyncServer;
import dev.driftsmith.syncserver.store.Operation;
import dev.driftsmith.syncserver.store.PullPage;
import dev.driftsmith.syncserver.store.PushItem;
import dev.driftsmith.syncserver.store.PushResult;
import dev.driftsmith.syncserver.store.StoreUnavailableException;
import dev.driftsmith.syncserver.store.SyncStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kit's checks can fail: against servers broken on purpose (in front of the real store), the
 * checks of what they break fail, and the rest still pass. (That it passes against the real
 * server, on both engines, is part of the server contract.)
 */
class ConformanceKitTest {
  @TempDir
  Path dir;

  @Test
  void aServerThatAppliesARetriedOperationAgainFails() throws Exception {
    Map<String, ConformanceKit.Outcome> outcomes = runAgainst(ReappliesRetries::new);
    assertFailed(outcomes, "retried-batch-applies-once", "retry-after-lost-answer", "malformed-op-rejected");
  }

  @Test
  void aServerThatDropsTombstonesFails() throws Exception {
    Map<String, ConformanceKit.Outcome> outcomes = runAgainst(SkipsTombstones::new);
    assertFailed(outcomes, "tombstone-pulled", "tombstone-for-new-device");
  }

  @Test
  void aServerThatShowsEveryoneAlicesRecordsFails() throws Exception {
    Map<String, ConformanceKit.Outcome> outcomes = runAgainst(OneStreamForAll::new);
    assertFailed(outcomes, "isolation-pull");
  }

  @Test
  void withoutASecondUserTheIsolationChecksSaySoInsteadOfPassing() throws Exception {
    try (SyncServer server = new Harness().start(dir.resolve("s.sqlite").toString(), dir)) {
      Map<String, ConformanceKit.Outcome> outcomes = outcomes(new ConformanceKit(Harness.client(server, Harness.ALICE), null).run());
      assertEquals(ConformanceKit.Outcome.SKIP, outcomes.get("isolation-pull"));
      assertEquals(ConformanceKit.Outcome.SKIP, outcomes.get("isolation-push"));
      assertTrue(outcomes.values().stream().noneMatch(o -> o == ConformanceKit.Outcome.FAIL), outcomes.toString());
    }
  }

  private Map<String, ConformanceKit.Outcome> runAgainst(UnaryOperator<SyncStore> broken) throws Exception {
    try (SyncServer server = new Harness().start(dir.resolve("s.sqlite").toString(), dir, ServerLimits.DEFAULTS, broken)) {
      return outcomes(new ConformanceKit(Harness.client(server, Harness.ALICE), Harness.client(server, Harness.BOB)).run());
    }
  }

  private static Map<String, ConformanceKit.Outcome> outcomes(List<ConformanceKit.Result> results) {
    Map<String, ConformanceKit.Outcome> outcomes = new TreeMap<>();
    for (ConformanceKit.Result r : results) outcomes.put(r.check(), r.outcome());
    return outcomes;
  }

  private static void assertFailed(Map<String, ConformanceKit.Outcome> outcomes, String... checks) {
    Set<String> broken = Set.of(checks);
    for (Map.Entry<String, ConformanceKit.Outcome> e : outcomes.entrySet()) {
      ConformanceKit.Outcome expected = broken.contains(e.getKey()) ? ConformanceKit.Outcome.FAIL : ConformanceKit.Outcome.PASS;
      assertEquals(expected, e.getValue(), e.getKey() + " in " + outcomes);
    }
  }

  /** A store in front of the real one. */
  private abstract static class Broken implements SyncStore {
    final SyncStore real;

    Broken(SyncStore real) {
      this.real = real;
    }

    @Override
    public List<PushResult> push(Caller caller, List<PushItem> items) throws StoreUnavailableException {
      return real.push(caller, items);
    }

    @Override
    public PullPage pull(Caller caller, long after, int limit) throws StoreUnavailableException {
      return real.pull(caller, after, limit);
    }

    @Override
    public void check() throws StoreUnavailableException {
      real.check();
    }

    @Override
    public String engine() {
      return real.engine();
    }

    @Override
    public void close() {
      real.close();
    }
  }

  /** Forgets op ids: every operation gets a fresh one, so a retry is applied again. */
  private static final class ReappliesRetries extends Broken {
    ReappliesRetries(SyncStore real) {
      super(real);
    }

    @Override
    public List<PushResult> push(Caller caller, List<PushItem> items) throws StoreUnavailableException {
      List<PushItem> fresh = new ArrayList<>();
      for (PushItem item : items) {
        String opId = UUID.randomUUID().toString();
        fresh.add(item instanceof PushItem.Valid v
            ? new PushItem.Valid(new Operation(opId, v.operation().entity(), v.operation().recordId(), v.operation().op(),
                v.operation().data(), v.operation().baseVersion()))
            : new PushItem.Malformed(opId, ((PushItem.Malformed) item).reason() + " (" + opId + ")"));
      }
      List<PushResult> results = real.push(caller, fresh);
      List<PushResult> renamed = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        PushResult r = results.get(i);
        renamed.add(new PushResult(items.get(i).opId(), r.status(), r.version(), r.record(), r.reason()));
      }
      return renamed;
    }
  }

  /** Leaves deletes out of pulls. */
  private static final class SkipsTombstones extends Broken {
    SkipsTombstones(SyncStore real) {
      super(real);
    }

    @Override
    public PullPage pull(Caller caller, long after, int limit) throws StoreUnavailableException {
      PullPage page = real.pull(caller, after, limit);
      return new PullPage(page.changes().stream().filter(c -> !c.deleted()).toList(), page.last(), page.hasMore());
    }
  }

  /** Serves alice's stream to every user. */
  private static final class OneStreamForAll extends Broken {
    OneStreamForAll(SyncStore real) {
      super(real);
    }

    @Override
    public PullPage pull(Caller caller, long after, int limit) throws StoreUnavailableException {
      return real.pull(Caller.user("alice"), after, limit);
    }
  }
}
