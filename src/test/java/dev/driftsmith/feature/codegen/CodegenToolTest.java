package dev.driftsmith.feature.codegen;

import static dev.driftsmith.testing.TestEnv.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.feature.codegen.RunCodegenTool;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drift_run_codegen with a fake `dart` on PATH: output, failure, time limit, and no Dart at all. */
class CodegenToolTest {
  @TempDir
  Path dir;
  TestEnv env;
  Path bin;

  @BeforeEach
  void setUp() throws Exception {
    env = new TestEnv();
    env.project(dir.resolve("p"));
    bin = Files.createDirectories(dir.resolve("bin"));
  }

  private void fakeDart(String script) throws Exception {
    Path dart = bin.resolve("dart");
    Files.writeString(dart, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(dart, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Object call(RunCodegenTool tool, String json) throws Exception {
    return tool.call(Args.parse(json), env.tools.context()).structured();
  }

  @Test
  void withoutDartTheCommandIsReturned() throws Exception {
    var result = new RunCodegenTool(bin.toString(), Duration.ofSeconds(5)).call(Args.parse("{\"projectId\": \"p\"}"), env.tools.context());
    assertContains(result.summary(), "Dart was not found");
    assertContains(result.summary(), "dart run build_runner build --delete-conflicting-outputs");
  }

  @Test
  void runsBuildRunnerInTheProjectAndReturnsItsOutput() throws Exception {
    fakeDart("echo \"ran $* in $(pwd)\"");
    @SuppressWarnings("unchecked")
    Map<String, Object> out = (Map<String, Object>) call(new RunCodegenTool(bin.toString(), Duration.ofSeconds(20)), "{\"projectId\": \"p\"}");
    assertEquals(0, out.get("exitCode"));
    assertContains((String) out.get("output"), "ran run build_runner build --delete-conflicting-outputs in " + dir.resolve("p").toRealPath());
  }

  @Test
  void aFailingBuildIsAToolError() throws Exception {
    fakeDart("echo 'error: missing part'; exit 3");
    ToolException e = assertThrows(ToolException.class, () -> call(new RunCodegenTool(bin.toString(), Duration.ofSeconds(20)), "{\"projectId\": \"p\"}"));
    assertContains(e.getMessage(), "exit code 3");
    assertContains(e.getMessage(), "missing part");
  }

  @Test
  void neverHangs() throws Exception {
    fakeDart("sleep 30");
    long start = System.nanoTime();
    ToolException e = assertThrows(ToolException.class, () -> call(new RunCodegenTool(bin.toString(), Duration.ofSeconds(1)), "{\"projectId\": \"p\"}"));
    assertContains(e.getMessage(), "did not finish within 1 s");
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos());
  }

  @Test
  void watchReturnsTheCommandInsteadOfBlocking() throws Exception {
    fakeDart("sleep 30");
    var result = new RunCodegenTool(bin.toString(), Duration.ofSeconds(1)).call(Args.parse("{\"projectId\": \"p\", \"watch\": true}"), env.tools.context());
    assertContains(result.summary(), "build_runner watch");
  }
}
