import dev.driftsmith.Driftsmith;
import dev.driftsmith.input.Args;
import dev.driftsmith.project.MemoryProjectRegistry;
import dev.driftsmith.tool.ToolRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The per-call cost of the tools as a project grows, in one run: a project of N tables is built
 * through the tools, each new table synced right after it is added (so every drift_add_table call
 * sees a project where every table syncs). Prints the median drift_add_table at 20 and at 120
 * existing tables and their ratio, the build time per 50 tables (linear or not), then, with
 * full-text search and versioning on, project_generate warm and as the first call of a fresh JVM.
 *
 * <p>Run: java -cp target/driftsmith.jar bench/ScaleCalls.java [tables] [warm runs] [DIR]; a DIR that
 * already holds the project skips the build and times project_generate only.
 *
 * <p>Times are CPU time of the calling thread, which does the whole call: on a shared machine wall
 * time mostly measures the other processes. The fresh-process figure is wall time (class loading
 * and JIT run on other threads too).
 */
public class ScaleCalls {
  static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("first")) {
      firstCall(Path.of(args[1]));
      return;
    }
    int tables = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("driftsmith-scale").resolve("large");
    MemoryProjectRegistry registry = new MemoryProjectRegistry();
    ToolRegistry tools = Driftsmith.tools(registry);
    System.out.printf("load average at start: %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    if (Files.exists(dir.resolve("driftsmith.yaml"))) {
      registry.put("large", dir);
      System.out.println("reusing the project in " + dir + " (no build, no drift_add_table figures)");
    } else {
      build(tools, dir, tables);
    }
    // Idempotent: on a reused project that has them already, these calls change nothing.
    addSearchAndVersioning(tools);
    generate(tools, dir, tables, runs);
    System.out.printf("load average at end: %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** N tables, each synced right after it is added; prints the drift_add_table medians and the time per 50 tables. */
  static void build(ToolRegistry tools, Path dir, int tables) throws Exception {
    call(tools, "project_create", "{\"name\": \"large_app\", \"id\": \"large\", \"path\": \"" + dir.toString().replace("\\", "\\\\") + "\"}");

    List<Long> addTable = new ArrayList<>();
    long blockWall = System.nanoTime();
    long blockCpu = CPU.getCurrentThreadCpuTime();
    for (int i = 0; i < tables; i++) {
      addTable.add(call(tools, "drift_add_table", """
          {"projectId": "large", "name": "items_%d", "timestamps": true, "softDelete": true, "columns": [
            {"name": "title", "type": "text"}, {"name": "body", "type": "text", "nullable": true},
            {"name": "done", "type": "boolean", "defaultValue": false}, {"name": "priority", "type": "integer", "defaultValue": 2},
            {"name": "dueAt", "type": "dateTime", "nullable": true}]}""".formatted(i)));
      call(tools, "drift_enable_sync", "{\"projectId\": \"large\", \"tables\": [\"items_" + i + "\"]"
          + (i == 0 ? ", \"baseUrl\": \"https://api.example.com/sync\"" : "") + "}");
      if ((i + 1) % 50 == 0) {
        System.out.printf("tables %3d-%3d: add_table + enable_sync %.1f s wall, %.1f s CPU%n", i - 48, i + 1,
            (System.nanoTime() - blockWall) / 1e9, (CPU.getCurrentThreadCpuTime() - blockCpu) / 1e9);
        blockWall = System.nanoTime();
        blockCpu = CPU.getCurrentThreadCpuTime();
      }
    }
    double at20 = median(addTable.subList(15, 25));
    double at120 = median(addTable.subList(Math.min(115, tables - 10), Math.min(125, tables)));
    System.out.printf("drift_add_table (every table synced), median CPU: %.1f ms at 20 tables, %.1f ms at 120; ratio %.2f%n",
        at20 / 1000, at120 / 1000, at120 / at20);
  }

  /** Full-text search on the first 20 tables, versioning on the first 20 (each a schema step). */
  static void addSearchAndVersioning(ToolRegistry tools) throws Exception {
    String searched = IntStream.range(0, 20).mapToObj(i -> "{\"tableName\": \"items_" + i + "\", \"searchableColumns\": [\"title\", \"body\"]}")
        .collect(Collectors.joining(", "));
    call(tools, "drift_enable_full_text_search", "{\"projectId\": \"large\", \"tables\": [" + searched + "], \"language\": \"english\", \"enableHighlight\": false}");
    String versioned = IntStream.range(0, 20).mapToObj(i -> "\"items_" + i + "\"").collect(Collectors.joining(", "));
    call(tools, "drift_add_versioning", "{\"projectId\": \"large\", \"tables\": [" + versioned + "], \"strategy\": \"increment\", \"conflictBehavior\": \"reject\"}");
  }

  /** project_generate warm in this process, then as the first call of a fresh one. */
  static void generate(ToolRegistry tools, Path dir, int tables, int runs) throws Exception {
    List<Long> generate = new ArrayList<>();
    for (int i = 0; i < runs; i++) generate.add(call(tools, "project_generate", "{\"projectId\": \"large\"}"));
    System.out.printf("project_generate at %d tables (sync, search on 20, versioning on 20), warm: median %.1f ms CPU of %d calls (min %.1f)%n",
        tables, median(generate) / 1000, runs, Collections.min(generate) / 1000.0);
    Process child = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"), "bench/ScaleCalls.java", "first", dir.toString())
        .inheritIO().start();
    if (child.waitFor() != 0) throw new IllegalStateException("the fresh process failed");
    Path database = dir.resolve("lib/data/database.dart");
    Path migrations = dir.resolve("lib/data/migrations.dart");
    System.out.printf("lib/data/database.dart %,d bytes%s%n", Files.size(database),
        Files.exists(migrations) ? String.format("; lib/data/migrations.dart %,d bytes", Files.size(migrations)) : "");
  }

  /** The first project_generate of a JVM that has done nothing else: what a new server process pays. */
  static void firstCall(Path dir) throws Exception {
    long wall = System.nanoTime();
    MemoryProjectRegistry registry = new MemoryProjectRegistry();
    ToolRegistry tools = Driftsmith.tools(registry);
    registry.put("large", dir);
    long cpu = call(tools, "project_generate", "{\"projectId\": \"large\"}");
    System.out.printf("project_generate, first call in a fresh JVM (tool registry included): %.0f ms wall, %.0f ms CPU of the calling thread%n",
        (System.nanoTime() - wall) / 1e6, cpu / 1000.0);
  }

  /** Microseconds of CPU time of this thread for one tool call; a refused call (ToolException) stops the bench. */
  static long call(ToolRegistry tools, String tool, String json) throws Exception {
    long start = CPU.getCurrentThreadCpuTime();
    tools.call(tool, Args.parse(json));
    return (CPU.getCurrentThreadCpuTime() - start) / 1000;
  }

  static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }
}
