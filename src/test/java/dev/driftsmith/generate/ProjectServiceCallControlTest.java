package dev.driftsmith.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.Args;
import dev.driftsmith.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generating call reports its steps in order, and a cancelled one writes nothing at all. */
class ProjectServiceCallControlTest {
  @TempDir
  Path tmp;

  private final TestEnv env = new TestEnv();

  /** Records the steps; cancelled once {@code cancelAfter} was reported. */
  private static final class Recorder implements CallControl {
    final List<String> steps = new ArrayList<>();
    final Step cancelAfter;
    boolean cancelled;

    Recorder(Step cancelAfter) {
      this.cancelAfter = cancelAfter;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public void progress(Step step, String detail) {
      steps.add(step + ": " + detail);
      if (step == cancelAfter) cancelled = true;
    }
  }

  @Test
  void aManifestChangeReportsEveryStepInOrder() throws Exception {
    Path root = env.project(tmp.resolve("app"));
    Recorder recorder = new Recorder(null);
    env.tools.call("drift_add_table", Args.of(Map.of("projectId", "p", "name", "notes",
        "columns", List.of(Map.of("name", "title", "type", "text")))), recorder);
    assertEquals(List.of("LOADED", "CHANGED", "RENDERED", "PLANNED", "WRITTEN"),
        recorder.steps.stream().map(s -> s.substring(0, s.indexOf(':'))).toList(), recorder.steps::toString);
    // The table's file, the migration file of its step and the step's part of migrations.dart; driftsmith.yaml,
    // database.dart and migrations.dart.
    assertTrue(recorder.steps.get(3).contains("3 created, 3 updated,"), recorder.steps::toString);
    assertTrue(Files.isRegularFile(root.resolve("lib/data/tables/notes.dart")));
  }

  @Test
  void aCallCancelledBeforeTheWritesChangesNoByte() {
    Path root = env.project(tmp.resolve("app"));
    Map<String, String> before = TestEnv.files(root);
    for (CallControl.Step last : List.of(CallControl.Step.LOADED, CallControl.Step.CHANGED,
        CallControl.Step.RENDERED, CallControl.Step.PLANNED)) {
      Recorder recorder = new Recorder(last);
      assertThrows(CallCancelledException.class, () -> env.tools.call("drift_add_table", Args.of(Map.of("projectId", "p",
          "name", "notes", "columns", List.of(Map.of("name", "title", "type", "text")))), recorder), last::toString);
      assertEquals(before, TestEnv.files(root), "cancelled after " + last + " but files changed");
      assertTrue(recorder.steps.stream().noneMatch(s -> s.startsWith("WRITTEN")), recorder.steps::toString);
    }
  }

  @Test
  void aCancelledProjectCreateLeavesNoFolderBehind() throws Exception {
    Path root = tmp.resolve("fresh");
    Recorder recorder = new Recorder(CallControl.Step.PLANNED);
    assertThrows(CallCancelledException.class, () -> env.tools.call("project_create",
        Args.of(Map.of("name", "fresh_app", "path", root.toString())), recorder));
    assertTrue(Files.notExists(root), "project_create left " + root + " behind");
    assertTrue(env.tools.context().registry().find("fresh_app").isEmpty(), "a cancelled project was registered");
  }
}
