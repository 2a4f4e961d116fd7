import dev.driftsmith.Driftsmith;
import dev.driftsmith.cli.DemoProject;
import dev.driftsmith.project.MemoryProjectRegistry;
import dev.driftsmith.input.Args;
import dev.driftsmith.tool.ToolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Time of project_generate on the demo project (in a warm server process: what a user waits for
 * after the first call). Run: java -cp target/driftsmith.jar bench/GenerateBench.java [runs]
 */
public class GenerateBench {
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 25;
    Path dir = Files.createTempDirectory("driftsmith-bench").resolve("demo");
    DemoProject.create(dir);
    MemoryProjectRegistry registry = new MemoryProjectRegistry();
    registry.put(DemoProject.ID, dir);
    ToolRegistry tools = Driftsmith.tools(registry);
    Args call = Args.parse("{\"projectId\": \"" + DemoProject.ID + "\"}");
    long first = time(tools, call);
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < runs; i++) micros.add(time(tools, call));
    Collections.sort(micros);
    System.out.printf("project_generate on the demo (%d files): first call %.1f ms; median of %d warm calls %.2f ms (min %.2f, max %.2f)%n",
        countFiles(dir), first / 1000.0, runs, micros.get(runs / 2) / 1000.0, micros.get(0) / 1000.0, micros.get(runs - 1) / 1000.0);
  }

  static long time(ToolRegistry tools, Args call) throws Exception {
    long start = System.nanoTime();
    tools.call("project_generate", call);
    return (System.nanoTime() - start) / 1000;
  }

  static long countFiles(Path dir) throws Exception {
    try (var s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }
}
