package dev.driftsmith.feature.codegen;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.JsonSchemas;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolContext;
import dev.driftsmith.tool.ToolResult;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * drift_run_codegen: runs build_runner in the project when Dart is installed. Bounded by a time
 * limit; a watcher is long-running, so for watch the command is returned rather than started.
 */
public final class RunCodegenTool implements Tool {
  static final List<String> BUILD = List.of("dart", "run", "build_runner", "build", "--delete-conflicting-outputs");
  static final List<String> WATCH = List.of("dart", "run", "build_runner", "watch", "--delete-conflicting-outputs");

  private final String pathVariable;
  private final Duration timeLimit;

  public RunCodegenTool() {
    this(System.getenv("PATH"), Duration.ofMinutes(5));
  }

  public RunCodegenTool(String pathVariable, Duration timeLimit) {
    this.pathVariable = pathVariable == null ? "" : pathVariable;
    this.timeLimit = timeLimit;
  }

  @Override
  public String name() {
    return "drift_run_codegen";
  }

  @Override
  public String description() {
    return "Run `dart run build_runner build --delete-conflicting-outputs` in the project (time-limited); without Dart, returns the command to run.";
  }

  @Override
  public Map<String, Object> inputSchema() {
    return JsonSchemas.object().projectId()
        .optional("watch", JsonSchemas.bool("Return the build_runner watch command to run in a terminal"))
        .build();
  }

  @Override
  public Hints hints() {
    return new Hints(false, false, true);
  }

  @Override
  public boolean returnsChangeSet() {
    return false;
  }

  @Override
  public ToolResult call(Args args, ToolContext context) throws Exception {
    args.only(Set.of("projectId", "watch"));
    Path root = context.projects().root(args.string("projectId"));
    boolean watch = args.bool("watch", false);
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
