package dev.driftsmith.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.testing.Concurrently;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** projects.yaml shared by several registries (servers): no registration is lost, checks and changes are one step. */
class FileProjectRegistryTest {
  @TempDir
  Path dir;

  @Test
  void twoRegistriesOnOneFileKeepEveryConcurrentRegistration() throws Exception {
    Path config = dir.resolve("config");
    List<FileProjectRegistry> registries = List.of(new FileProjectRegistry(config), new FileProjectRegistry(config));
    List<Callable<Void>> puts = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      FileProjectRegistry registry = registries.get(i % 2);
      String id = "app" + i;
      puts.add(() -> {
        registry.put(id, dir.resolve(id));
        return null;
      });
    }
    Concurrently.run(puts);
    var all = new FileProjectRegistry(config).all();
    assertEquals(32, all.size(), () -> "registered: " + all.keySet());
    for (int i = 0; i < 32; i++) assertEquals(dir.resolve("app" + i), all.get("app" + i));
  }

  @Test
  void exclusiveUseHoldsOffWritersOfTheSameFileThroughAnotherRegistry() throws Exception {
    Path config = dir.resolve("config");
    FileProjectRegistry first = new FileProjectRegistry(config);
    FileProjectRegistry second = new FileProjectRegistry(config);
    CountDownLatch started = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> put;
      try (var exclusive = first.exclusive()) {
        assertTrue(first.find("mine").isEmpty());
        put = pool.submit(() -> {
          started.countDown();
          second.put("theirs", dir.resolve("theirs"));
          return null;
        });
        started.await();
        Thread.sleep(300);
        assertFalse(put.isDone(), "another registry wrote while the first one was held");
        first.put("mine", dir.resolve("mine"));
      }
      put.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of("mine", "theirs"), List.copyOf(first.all().keySet()));
  }

  @Test
  void leftoverTempFilesOfAKilledWriteAreRemovedByTheNextChange() throws Exception {
    Path config = Files.createDirectories(dir.resolve("config"));
    Path leftover = Files.writeString(config.resolve(".projects.yaml.123.driftsmith-tmp"), "half: written");
    FileProjectRegistry registry = new FileProjectRegistry(config);
    registry.put("app", dir.resolve("app"));
    assertFalse(Files.exists(leftover));
    assertEquals(List.of("projects.lock", "projects.yaml"), Files.list(config).map(p -> p.getFileName().toString()).sorted().toList());
  }
}
