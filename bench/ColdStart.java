import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Cold start: process start → initialize answered, over stdio, for the packaged jar.
 * Run: java bench/ColdStart.java target/driftsmith.jar [runs]
 */
public class ColdStart {
  public static void main(String[] args) throws Exception {
    String jar = args.length > 0 ? args[0] : "target/driftsmith.jar";
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    Path home = Files.createTempDirectory("driftsmith-bench-home");
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      ProcessBuilder pb = new ProcessBuilder("java", "-jar", jar, "serve").redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("DRIFTSMITH_HOME", home.toString());
      long start = System.nanoTime();
      Process p = pb.start();
      OutputStream in = p.getOutputStream();
      in.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      if (line == null || !line.contains("\"id\":1")) throw new IllegalStateException("no initialize answer: " + line);
      millis.add(elapsed);
      in.close();
      p.waitFor();
    }
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    System.out.println("cold start (process start -> initialize answered), " + runs + " runs, ms: " + millis);
    System.out.println("median: " + sorted.get(sorted.size() / 2) + " ms");
  }
}
