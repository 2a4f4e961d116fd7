package dev.driftsmith.feature.core;

import static dev.driftsmith.testing.TestEnv.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.driftsmith.Driftsmith;
import dev.driftsmith.generate.ProjectService;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.FileProjectRegistry;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.testing.Concurrently;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.tool.ToolRegistry;
import dev.driftsmith.workspace.ManifestFiles;
import dev.driftsmith.workspace.Pubspec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registrations: stale ones are replaced, concurrent creates never both win, and the lock file is never committed. */
class ProjectRegistrationTest {
  @TempDir
  Path dir;

  @Test
  void aRegistrationOfAFolderThatIsGoneIsReplacedByProjectCreate() throws Exception {
    TestEnv env = new TestEnv();
    Path first = env.project(dir.resolve("first"));
    deleteTree(first);
    Path second = dir.resolve("second");
    String summary = env.call("project_create", create("sample_app", "p", second)).summary();
    assertContains(summary, "Replaced the stale registration 'p' → " + first + " (the folder no longer exists).");
    assertEquals(second, env.tools.context().registry().find("p").orElseThrow());
    assertTrue(ManifestIo.exists(second));
  }

  @Test
  void aRegistrationOfAFolderWithoutManifestIsReplacedByProjectCreate() throws Exception {
    TestEnv env = new TestEnv();
    Path first = env.project(dir.resolve("first"));
    Files.delete(first.resolve("driftsmith.yaml"));
    String summary = env.call("project_create", create("sample_app", "p", dir.resolve("second"))).summary();
    assertContains(summary, "Replaced the stale registration 'p' → " + first + " (the folder has no driftsmith.yaml).");
  }

  @Test
  void aStaleRegistrationOfTheSameFolderUnderAnotherIdIsReplaced() throws Exception {
    TestEnv env = new TestEnv();
    Path folder = env.project(dir.resolve("app"), "old");
    deleteTree(folder);
    String summary = env.call("project_create", create("sample_app", "new", folder)).summary();
    assertContains(summary, "Replaced the stale registration 'old' → " + folder + " (the folder no longer exists).");
    assertEquals(List.of("new"), List.copyOf(env.tools.context().registry().all().keySet()));
  }

  @Test
  void aLiveRegistrationStillBlocksProjectCreate() {
    TestEnv env = new TestEnv();
    Path first = env.project(dir.resolve("first"));
    env.assertRefused(first, "project_create", create("sample_app", "p", dir.resolve("second")), "id", "already registered");
    assertFalse(Files.exists(dir.resolve("second")));
  }

  @Test
  void projectGetOnAGoneFolderPointsToDeleteOrCreate() {
    TestEnv env = new TestEnv();
    Path folder = env.project(dir.resolve("app"));
    deleteTree(folder);
    ToolException e = env.error("project_get", "{\"projectId\": \"p\"}");
    assertTrue(e.getMessage().startsWith("projectId: project 'p' points to " + folder + ", which no longer exists; "), e.getMessage());
    assertContains(e.getMessage(), "call project_delete to unregister it, or project_create with this id");
    assertFalse(e.getMessage().contains("project_open"), "project_open cannot open a folder that is gone: " + e.getMessage());
    // Following the hint works.
    env.call("project_create", create("sample_app", "p", dir.resolve("again")));
    assertContains(env.call("project_get", "{\"projectId\": \"p\"}").summary(), "0 file problem(s)");
  }

  @Test
  void projectGetOnAFolderThatLostItsManifestPointsToProjectOpen() {
    TestEnv env = new TestEnv();
    Path folder = env.project(dir.resolve("app"));
    delete(folder.resolve("driftsmith.yaml"));
    ToolException e = env.error("project_get", "{\"projectId\": \"p\"}");
    assertTrue(e.getMessage().startsWith("projectId: project 'p' points to " + folder + ", which has no driftsmith.yaml; "
        + "call project_open with this path"), e.getMessage());
    env.call("project_open", "{\"path\": " + TestEnv.quote(folder) + ", \"id\": \"p\"}");
    assertContains(env.call("project_get", "{\"projectId\": \"p\"}").summary(), "0 file problem(s)");
  }

  @Test
  void projectOpenReplacesAStaleRegistrationOfItsId() throws Exception {
    TestEnv env = new TestEnv();
    Path gone = env.project(dir.resolve("gone"));
    deleteTree(gone);
    Path app = Files.createDirectories(dir.resolve("existing"));
    Files.writeString(app.resolve("pubspec.yaml"), "name: existing_app\n");
    String summary = env.call("project_open", "{\"path\": " + TestEnv.quote(app) + ", \"id\": \"p\"}").summary();
    assertContains(summary, "Replaced the stale registration 'p' → " + gone + " (the folder no longer exists).");
    assertEquals(app, env.tools.context().registry().find("p").orElseThrow());
  }

  @Test
  void projectListSaysWhichRegistrationsAreStale() {
    TestEnv env = new TestEnv();
    deleteTree(env.project(dir.resolve("gone"), "gone"));
    delete(env.project(dir.resolve("bare"), "bare").resolve("driftsmith.yaml"));
    env.project(dir.resolve("fine"), "fine");
    String list = env.call("project_list", "{}").summary();
    assertContains(list, "gone → " + dir.resolve("gone") + " (the folder no longer exists)");
    assertContains(list, "bare → " + dir.resolve("bare") + " (the folder has no driftsmith.yaml)");
    assertContains(list, "fine → " + dir.resolve("fine") + "\n");
  }

  @Test
  void concurrentCreatesWithOneIdRegisterExactlyOne() throws Exception {
    List<ToolRegistry> servers = twoServersOnOneRegistry();
    List<Callable<String>> creates = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ToolRegistry server = servers.get(i % 2);
      Path path = dir.resolve("same-id/" + i);
      creates.add(outcomeOf(server, create("shared_app", "shared", path)));
    }
    List<String> outcomes = Concurrently.run(creates);
    assertEquals(1, outcomes.stream().filter(o -> o.startsWith("Created")).count(), () -> "outcomes: " + outcomes);
    for (String o : outcomes) {
      if (!o.startsWith("Created")) assertTrue(o.startsWith("id: a project with id 'shared' is already registered"), o);
    }
    Path winner = servers.get(0).context().registry().find("shared").orElseThrow();
    for (int i = 0; i < 6; i++) {
      Path folder = dir.resolve("same-id/" + i);
      assertEquals(folder.equals(winner), ManifestIo.exists(folder), () -> "only the winner's folder holds a project: " + folder);
    }
  }

  @Test
  void concurrentCreatesInOneFolderLeaveOneProjectWhosePubspecAndManifestAgree() throws Exception {
    List<ToolRegistry> servers = twoServersOnOneRegistry();
    Path folder = dir.resolve("contested");
    List<Callable<String>> creates = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ToolRegistry server = servers.get(i % 2);
      creates.add(outcomeOf(server, create("app" + i, "app" + i, folder)));
    }
    List<String> outcomes = Concurrently.run(creates);
    List<String> winners = outcomes.stream().filter(o -> o.startsWith("Created")).toList();
    assertEquals(1, winners.size(), () -> "outcomes: " + outcomes);
    for (String o : outcomes) {
      if (!o.startsWith("Created")) assertTrue(o.startsWith("path: " + folder + " already exists and is not empty"), o);
    }
    String id = ManifestFiles.manifest(folder).project().id();
    assertEquals(id, ManifestFiles.manifest(folder).project().name());
    assertEquals(id, Pubspec.parse(Files.readString(folder.resolve("pubspec.yaml"), StandardCharsets.UTF_8)).path("name").asString());
    assertEquals(List.of(id), List.copyOf(servers.get(1).context().registry().all().keySet()));
  }

  @Test
  void newProjectsIgnoreTheLockFileInGit() throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("app"));
    assertTrue(Files.isRegularFile(root.resolve(ProjectService.LOCK_FILE)), "the lock file is " + ProjectService.LOCK_FILE);
    assertContains(Files.readString(root.resolve(".gitignore")), "\n.dart_tool/\n");
    assumeTrue(run(root, "git", "init", "-q") == 0, "git is not available");
    assertEquals(0, run(root, "git", "check-ignore", "-q", ProjectService.LOCK_FILE), "git ignores the lock file");
    assertEquals(1, run(root, "git", "check-ignore", "-q", "lib/data/database.dart"), "git keeps the generated code");
  }

  @Test
  void projectOpenSaysSoWhenTheProjectsGitignoreWouldCommitTheLockFile() throws Exception {
    TestEnv env = new TestEnv();
    Path app = Files.createDirectories(dir.resolve("app"));
    Files.writeString(app.resolve("pubspec.yaml"), "name: existing_app\n");
    Files.writeString(app.resolve(".gitignore"), "/build/\n# .dart_tool/\n");
    assertContains(env.call("project_open", "{\"path\": " + TestEnv.quote(app) + "}").summary(),
        ".gitignore does not list .dart_tool/, where Driftsmith keeps its lock file");
    assertEquals("/build/\n# .dart_tool/\n", Files.readString(app.resolve(".gitignore")), "the user's .gitignore is left alone");
    Files.writeString(app.resolve(".gitignore"), "/build/\n.dart_tool/\n");
    assertFalse(env.call("project_open", "{\"path\": " + TestEnv.quote(app) + "}").summary().contains(".gitignore"));
  }

  private List<ToolRegistry> twoServersOnOneRegistry() {
    Path config = dir.resolve("config");
    return List.of(Driftsmith.tools(new FileProjectRegistry(config)), Driftsmith.tools(new FileProjectRegistry(config)));
  }

  private static Callable<String> outcomeOf(ToolRegistry server, String json) {
    return () -> outcome(server, json);
  }

  private static String outcome(ToolRegistry server, String json) {
    try {
      return server.call("project_create", Args.parse(json)).summary();
    } catch (ToolException e) {
      return e.getMessage();
    }
  }

  private static String create(String name, String id, Path path) {
    return "{\"name\": \"" + name + "\", \"id\": \"" + id + "\", \"path\": " + TestEnv.quote(path) + "}";
  }

  private static int run(Path dir, String... command) throws Exception {
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
