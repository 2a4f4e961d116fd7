package dev.driftsmith.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.FileChange;
import dev.driftsmith.workspace.GeneratedFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generate renders on a second thread while it validates: the files are those a rendering after
 * the validation gives, and a manifest the validation refuses writes nothing.
 */
class RenderAheadTest {
  @TempDir
  Path tmp;

  private final TestEnv env = new TestEnv();
  private ProjectService projects;
  private Path root;

  @BeforeEach
  void project() {
    projects = env.tools.context().projects();
    root = env.projectWithNotes(tmp.resolve("app"));
    env.call("drift_enable_sync", "{\"projectId\": \"p\", \"tables\": [\"notes\"]}");
  }

  @Test
  void theFilesRenderedAheadAreTheFilesRenderedAfter() throws Exception {
    Manifest manifest = projects.load(root);
    RenderAhead ahead = new RenderAhead(projects.generator());
    ahead.start(manifest);
    assertEquals(contents(projects.generator().render(manifest)), contents(ahead.files(manifest)));
  }

  /** Each file's path, kind and bytes (a merged file's merge is a function, which has no equality). */
  private static List<String> contents(List<GeneratedFile> files) {
    return files.stream().map(f -> f.path() + " " + f.kind() + "\n" + f.content()).toList();
  }

  @Test
  void anotherManifestIsRenderedItself() throws Exception {
    Manifest manifest = projects.load(root);
    Manifest noTables = manifest.withSchema(manifest.schema().withTables(manifest.schema().tables().subList(0, 0)));
    RenderAhead ahead = new RenderAhead(projects.generator());
    ahead.start(manifest);
    assertNotEquals(contents(ahead.files(manifest)), contents(ahead.files(noTables)));
    assertEquals(contents(projects.generator().render(noTables)), contents(ahead.files(noTables)));
  }

  @Test
  void whatRenderingAheadThrowsIsThrownWhenTheFilesAreAskedFor() {
    RenderAhead ahead = new RenderAhead(projects.generator());
    // No project: rendering fails, as it fails on the calling thread.
    Manifest broken = new Manifest(null, null, null, Map.of());
    Class<? extends RuntimeException> thrown = assertThrows(RuntimeException.class, () -> projects.generator().render(broken)).getClass();
    ahead.start(broken);
    assertEquals(thrown, assertThrows(RuntimeException.class, () -> ahead.files(broken)).getClass());
  }

  @Test
  void aGenerateOfAFreshCloneIsAnsweredAsBeforeAndUpToDateAfter() throws Exception {
    Map<String, String> files = TestEnv.files(root);
    TestEnv.deleteRecursively(root.resolve(".dart_tool"));
    ChangeSet answer = projects.regenerate(root, "p", ProjectService.Options.WRITE);
    assertEquals(0, answer.count(FileChange.Status.created)
        + answer.count(FileChange.Status.updated), answer::summary);
    assertEquals(files, TestEnv.files(root));
    assertEquals(answer, ProjectService.upToDate(root, "p", ProjectService.Options.WRITE).orElseThrow());
  }

  @Test
  void aFreshCloneWithAHandEditThatNeedsAStepIsRefusedAndNothingIsWritten() throws Exception {
    TestEnv.deleteRecursively(root.resolve(".dart_tool"));
    TestEnv.handEditAColumnNoStepAdds(root);
    env.assertRefused(root, "project_generate", "{\"projectId\": \"p\"}", "driftsmith.yaml", "needs a schema step");
  }
}
