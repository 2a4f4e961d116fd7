import dev.driftsmith.Driftsmith;
import dev.driftsmith.input.Args;
import dev.driftsmith.project.MemoryProjectRegistry;
import dev.driftsmith.tool.ToolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A large project: N synced tables with timestamps and soft delete, built through the tools. Prints
 * the size of driftsmith.yaml and of driftsmith/migrations/, and the time of project_generate in a
 * warm process. Run: java -cp target/driftsmith.jar bench/LargeProjectBench.java [tables] [runs] [dir]
 */
public class LargeProjectBench {
  public static void main(String[] args) throws Exception {
    int tables = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("driftsmith-bench").resolve("large");
    MemoryProjectRegistry registry = new MemoryProjectRegistry();
    ToolRegistry tools = Driftsmith.tools(registry);
    long buildStart = System.nanoTime();
    if (!Files.exists(dir.resolve("driftsmith.yaml"))) build(tools, dir, tables);
    else registry.put("large", dir);
    long buildMs = (System.nanoTime() - buildStart) / 1_000_000;
    Args call = Args.parse("{\"projectId\": \"large\"}");
    long first = time(tools, call);
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < runs; i++) micros.add(time(tools, call));
    Collections.sort(micros);
    System.out.printf("%d tables (built in %d s): driftsmith.yaml %,d bytes; driftsmith/migrations/ %,d bytes in %d files%n",
        tables, buildMs / 1000, Files.size(dir.resolve("driftsmith.yaml")), folderBytes(dir.resolve("driftsmith/migrations")),
        folderFiles(dir.resolve("driftsmith/migrations")));
    System.out.printf("project_generate: first call %.1f ms CPU; median of %d warm calls %.1f ms CPU (min %.1f, max %.1f)%n",
        first / 1000.0, runs, micros.get(runs / 2) / 1000.0, micros.get(0) / 1000.0, micros.get(runs - 1) / 1000.0);
  }

  static void build(ToolRegistry tools, Path dir, int tables) throws Exception {
    tools.call("project_create", Args.parse("{\"name\": \"large_app\", \"id\": \"large\", \"path\": \""
        + dir.toString().replace("\\", "\\\\") + "\"}"));
    for (int i = 0; i < tables; i++) {
      tools.call("drift_add_table", Args.parse("""
          {"projectId": "large", "name": "items_%d", "timestamps": true, "softDelete": true, "columns": [
            {"name": "title", "type": "text"}, {"name": "body", "type": "text", "nullable": true},
            {"name": "done", "type": "boolean", "defaultValue": false}, {"name": "priority", "type": "integer", "defaultValue": 2},
            {"name": "dueAt", "type": "dateTime", "nullable": true}]}""".formatted(i)));
    }
    for (int from = 0; from < tables; from += 20) {
      String names = IntStream.range(from, Math.min(tables, from + 20)).mapToObj(i -> "\"items_" + i + "\"")
          .collect(Collectors.joining(", "));
      tools.call("drift_enable_sync", Args.parse("{\"projectId\": \"large\", \"tables\": [" + names + "]"
          + (from == 0 ? ", \"baseUrl\": \"https://api.example.com/sync\"" : "") + "}"));
    }
  }

  /**
   * Microseconds of CPU time of this thread, which does the whole call: on a busy machine wall
   * time mostly measures the other processes.
   */
  static long time(ToolRegistry tools, Args call) throws Exception {
    long start = CPU.getCurrentThreadCpuTime();
    tools.call("project_generate", call);
    return (CPU.getCurrentThreadCpuTime() - start) / 1000;
  }

  static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

  static long folderBytes(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) return 0;
    try (Stream<Path> s = Files.list(dir)) {
      long total = 0;
      for (Path p : s.toList()) total += Files.size(p);
      return total;
    }
  }

  static long folderFiles(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) return 0;
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }
}
