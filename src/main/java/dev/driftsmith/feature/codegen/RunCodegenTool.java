package dev.driftsmith.feature.codegen;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.FeatureTool;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.PlainTool;
import dev.driftsmith.tool.ToolContext;
import dev.driftsmith.tool.ToolResult;
import dev.driftsmith.tool.Values;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * drift_run_codegen: runs build_runner in the project when Dart is installed. Bounded by a time
 * limit; a watcher is long-running, so for watch the command is returned rather than started.
 */
public final class RunCodegenTool extends PlainTool {
  static final About ABOUT = new About("drift_run_codegen", "Run drift's code generator",
      "Run build_runner build in the project (time-limited); without Dart, returns the command.",
      new Hints(false, false, true));
  static final Param<Boolean> WATCH_ONLY = Param.bool("watch").describe("Return the watch command instead");

  static final List<String> BUILD = List.of("dart", "run", "build_runner", "build", "--delete-conflicting-outputs");
  static final List<String> WATCH = List.of("dart", "run", "build_runner", "watch", "--delete-conflicting-outputs");

  private final String pathVariable;
  private final Duration timeLimit;

  public RunCodegenTool() {
    this(System.getenv("PATH"), Duration.ofMinutes(5));
  }

  public RunCodegenTool(String pathVariable, Duration timeLimit) {
    super(ABOUT, FeatureTool.PROJECT_ID, WATCH_ONLY);
    this.pathVariable = pathVariable == null ? "" : pathVariable;
    this.timeLimit = timeLimit;
  }

  @Override
  public boolean returnsChangeSet() {
    return false;
  }

  @Override
  protected ToolResult run(Values v, ToolContext context) throws Exception {
    Path root = context.projects().root(v.get(FeatureTool.PROJECT_ID));
    boolean watch = v.flag(WATCH_ONLY);
    String command = String.join(" ", watch ? WATCH : BUILD);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("command", command);
    out.put("workingDirectory", root.toString());
    Optional<Path> dart = findDart();
    out.put("dartFound", dart.isPresent());
    if (dart.isEmpty()) {
      out.put("ran", false);
      return new ToolResult("Dart was not found on PATH. Run this in " + root + ":\n  " + command, out);
    }
    if (watch) {
      out.put("ran", false);
      return new ToolResult("build_runner watch runs until stopped, so start it in a terminal in " + root + ":\n  " + command, out);
    }
    Path log = Files.createTempFile("driftsmith-codegen", ".log");
    try {
      List<String> cmd = new java.util.ArrayList<>(BUILD);
      cmd.set(0, dart.get().toString());
      Process process = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      if (!process.waitFor(timeLimit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new ToolException(null, "build_runner did not finish within " + timeLimit.toSeconds()
            + " s and was stopped; run `" + command + "` in a terminal in " + root + " to see why. Output so far:\n" + tail(log));
      }
      String output = tail(log);
      out.put("ran", true);
      out.put("exitCode", process.exitValue());
      out.put("output", output);
      if (process.exitValue() != 0) {
        throw new ToolException(null, "build_runner failed with exit code " + process.exitValue() + ":\n" + output);
      }
      return new ToolResult("build_runner finished.\n" + output, out);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static String tail(Path log) throws IOException {
    String text = Files.readString(log, StandardCharsets.UTF_8);
    return text.length() > 8000 ? "…" + text.substring(text.length() - 8000) : text;
  }

  Optional<Path> findDart() {
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isBlank()) continue;
      Path candidate = Path.of(dir, "dart");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
    }
    return Optional.empty();
  }
}
