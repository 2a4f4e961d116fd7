import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scale: one stdio session of the server (as the README registers it: the launcher) builds a project
 * of N tables and syncs every one, then turns on full-text search, versioning and partial sync on a
 * few, adds tables to the fully synced project and regenerates it. For each size it reports what a
 * user waits for, and the session's peak RSS (VmHWM).
 *
 * Run: {@code java bench/ScaleBench.java [--sizes 50,200] [--server "target/driftsmith serve"]
 * [--jcmd "GC.run;GC.heap_info"] [--smaps true] [--trace true]} (raw JSON-RPC lines; Linux for the RSS figures;
 * {@code --jcmd} runs those jcmd commands on the server at the end of each size; {@code --smaps}
 * prints, at the end, the resident memory of each kind of mapping: heap and other anonymous memory,
 * the class-data archive, libjvm, SQLite's library; {@code --trace} prints each call's time and the
 * server's VmRSS and VmHWM at its end, to see which call raises the peak).
 */
public class ScaleBench {
  /** Tables added after everything is enabled, each timed: add_table on a fully synced project. */
  private static final int LATE_TABLES = 5;
  /** Tables that get search, versioning and partial sync. */
  private static final int FEATURED = 3;
  private static final int WARM_GENERATES = 5;

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) options.put(args[i], args[i + 1]);
    List<Integer> sizes = new ArrayList<>();
    for (String s : options.getOrDefault("--sizes", "50,200").split(",")) sizes.add(Integer.parseInt(s.trim()));
    List<String> server = List.of(options.getOrDefault("--server", "target/driftsmith serve").split(" "));
    double load = loadAverage();
    List<Map<String, String>> reports = new ArrayList<>();
    List<String> jcmd = options.containsKey("--jcmd") ? List.of(options.get("--jcmd").split(";")) : List.of();
    boolean smaps = Boolean.parseBoolean(options.getOrDefault("--smaps", "false"));
    boolean trace = Boolean.parseBoolean(options.getOrDefault("--trace", "false"));
    for (int size : sizes) reports.add(run(server, size, jcmd, smaps, trace));
    System.out.printf("%nscale, one session per size, %s; load average %.2f before, %.2f after%n",
        String.join(" ", server), load, loadAverage());
    List<String> keys = new ArrayList<>(reports.get(0).keySet());
    System.out.printf("%-58s", "");
    for (int size : sizes) System.out.printf(" %12s", size + " tables");
    if (sizes.size() == 2) System.out.printf(" %8s", "growth");
    System.out.println();
    for (String key : keys) {
      System.out.printf("%-58s", key);
      for (Map<String, String> report : reports) System.out.printf(" %12s", report.get(key));
      if (sizes.size() == 2) System.out.printf(" %8s", growth(reports.get(0).get(key), reports.get(1).get(key)));
      System.out.println();
    }
  }

  static Map<String, String> run(List<String> command, int size, List<String> jcmd, boolean smaps, boolean trace)
      throws Exception {
    Path work = Files.createTempDirectory("driftsmith-scale");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(work.resolve("stderr.txt").toFile());
    builder.environment().put("DRIFTSMITH_HOME", Files.createDirectories(work.resolve("home")).toString());
    Process process = builder.start();
    Session session = new Session(process, trace ? process.pid() : -1);
    PeakSampler peak = PeakSampler.start(process.pid(), session);
    Map<String, String> report = new LinkedHashMap<>();
    long began = System.nanoTime();
    session.request("initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
        + "\"clientInfo\":{\"name\":\"scale-bench\",\"version\":\"1\"}}");
    session.notify("notifications/initialized");
    session.call("project_create", "{\"name\":\"scale_app\",\"path\":\"" + work.resolve("scale_app") + "\"}");

    int early = size - LATE_TABLES;
    List<Long> adds = new ArrayList<>();
    long buildStart = System.nanoTime();
    for (int i = 1; i <= early; i++) adds.add(session.call("drift_add_table", table(i)));
    long build = System.nanoTime() - buildStart;
    report.put("add_table, unsynced: median of the last 10 (ms)", ms(median(adds.subList(early - 10, early))));
    report.put("building the first " + "N-" + LATE_TABLES + " tables, total (s)", String.format("%.1f", build / 1e9));
    report.put("enable_sync on every table (ms)", ms(session.call("drift_enable_sync", "{\"projectId\":\"scale_app\"}")));
    String featured = featuredTables();
    report.put("enable_full_text_search on " + FEATURED + " tables (ms)", ms(session.call("drift_enable_full_text_search",
        "{\"projectId\":\"scale_app\",\"language\":\"english\",\"enableHighlight\":false,\"tables\":" + searchTables() + "}")));
    report.put("add_versioning on " + FEATURED + " tables (ms)", ms(session.call("drift_add_versioning",
        "{\"projectId\":\"scale_app\",\"tables\":" + featured + ",\"strategy\":\"increment\",\"conflictBehavior\":\"reject\"}")));
    report.put("enable_partial_sync on " + FEATURED + " tables (ms)", ms(session.call("drift_enable_partial_sync",
        "{\"projectId\":\"scale_app\",\"tables\":" + featured + ",\"trackingStrategy\":\"field-level\","
            + "\"conflictResolution\":\"merge\"}")));
    List<Long> lateAdds = new ArrayList<>();
    List<Long> lateSyncs = new ArrayList<>();
    for (int i = early + 1; i <= size; i++) {
      lateAdds.add(session.call("drift_add_table", table(i)));
      lateSyncs.add(session.call("drift_enable_sync", "{\"projectId\":\"scale_app\",\"tables\":[\"t" + i + "\"]}"));
    }
    report.put("add_table, all synced + search + versioning: median of " + LATE_TABLES + " (ms)", ms(median(lateAdds)));
    report.put("enable_sync on that one new table: median of " + LATE_TABLES + " (ms)", ms(median(lateSyncs)));
    report.put("project_generate, first (ms)", ms(session.call("project_generate", "{\"projectId\":\"scale_app\"}")));
    List<Long> warm = new ArrayList<>();
    for (int i = 0; i < WARM_GENERATES; i++) warm.add(session.call("project_generate", "{\"projectId\":\"scale_app\"}"));
    report.put("project_generate, warm: median of " + WARM_GENERATES + " (ms)", ms(median(warm)));
    report.put("whole session (s)", String.format("%.1f", (System.nanoTime() - began) / 1e9));
    report.put("driftsmith.yaml (KiB)", String.valueOf(Files.size(work.resolve("scale_app/driftsmith.yaml")) / 1024));
    report.put("peak RSS, VmHWM (MiB)", status(process.pid(), "VmHWM"));
    report.put("RSS at the end, VmRSS (MiB)", status(process.pid(), "VmRSS"));
    report.put("peak RSS reached during", peak.during());
    if (smaps) residentByMapping(process.pid(), size);
    for (String diagnostic : jcmd) {
      // Diagnostics for a look inside (e.g. "GC.heap_info"); jcmd talks to the JVM the launcher exec'd.
      System.err.println("--- jcmd " + diagnostic + " at " + size + " tables");
      new ProcessBuilder(List.of(("jcmd " + process.pid() + " " + diagnostic).split(" "))).inheritIO().start().waitFor();
    }
    session.close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
    System.err.printf("%d tables done in %s s%n", size, report.get("whole session (s)"));
    return report;
  }

  /** Table {@code i}: an id, text, a flag, a number and a date, with timestamps (as a real app's). */
  static String table(int i) {
    return "{\"projectId\":\"scale_app\",\"name\":\"t" + i + "\",\"timestamps\":true,\"columns\":["
        + "{\"name\":\"id\",\"type\":\"integer\",\"primaryKey\":true,\"autoIncrement\":true},"
        + "{\"name\":\"title\",\"type\":\"text\"},{\"name\":\"body\",\"type\":\"text\",\"nullable\":true},"
        + "{\"name\":\"done\",\"type\":\"boolean\",\"defaultValue\":false},{\"name\":\"amount\",\"type\":\"real\",\"nullable\":true},"
        + "{\"name\":\"dueAt\",\"type\":\"dateTime\",\"nullable\":true}]}";
  }

  static String featuredTables() {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= FEATURED; i++) names.add("\"t" + i + "\"");
    return "[" + String.join(",", names) + "]";
  }

  static String searchTables() {
    List<String> tables = new ArrayList<>();
    for (int i = 1; i <= FEATURED; i++) tables.add("{\"tableName\":\"t" + i + "\",\"searchableColumns\":[\"title\",\"body\"]}");
    return "[" + String.join(",", tables) + "]";
  }

  /**
   * Prints the resident KiB of the server's mappings, summed by what is mapped (a file's name, or
   * "anonymous" for the heap, stacks, metaspace, code and malloc's arenas), largest first.
   */
  static void residentByMapping(long pid, int size) throws IOException {
    Map<String, Long> resident = new LinkedHashMap<>();
    String mapping = "?";
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps"))) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length >= 5 && fields[0].contains("-") && !fields[0].endsWith(":")) {
        mapping = fields.length >= 6 ? Path.of(fields[5]).getFileName() == null ? fields[5] : Path.of(fields[5]).getFileName().toString()
            : "anonymous";
      } else if (fields[0].equals("Rss:")) {
        resident.merge(mapping, Long.parseLong(fields[1]), Long::sum);
      }
    }
    System.err.println("--- resident memory by mapping at " + size + " tables (KiB)");
    resident.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
        .forEach(e -> System.err.printf("%10d  %s%n", e.getValue(), e.getKey()));
  }

  /** A value in MiB from /proc/PID/status, or "-" where there is none. */
  static String status(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return String.valueOf(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
        }
      }
    } catch (IOException e) {
      // Not Linux.
    }
    return "-";
  }

  static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  static String ms(long nanos) {
    return String.format("%.0f", nanos / 1e6);
  }

  static String growth(String small, String large) {
    try {
      double a = Double.parseDouble(small);
      double b = Double.parseDouble(large);
      return a == 0 ? "-" : String.format("%.1fx", b / a);
    } catch (NumberFormatException e) {
      return "-";
    }
  }

  static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /**
   * Reads the server's VmRSS every 50 ms and remembers during which call it was highest: VmHWM
   * says how high the peak was, this says which call to look at.
   */
  static final class PeakSampler {
    private volatile long highest;
    private volatile String during = "-";

    static PeakSampler start(long pid, Session session) {
      PeakSampler sampler = new PeakSampler();
      Thread thread = new Thread(() -> {
        Path status = Path.of("/proc", String.valueOf(pid), "status");
        while (Files.exists(status)) {
          try {
            for (String line : Files.readAllLines(status)) {
              if (!line.startsWith("VmRSS:")) continue;
              long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
              if (kib > sampler.highest) {
                sampler.highest = kib;
                sampler.during = session.current;
              }
            }
            Thread.sleep(50);
          } catch (IOException | RuntimeException e) {
            return;
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "peak-sampler");
      thread.setDaemon(true);
      thread.start();
      return sampler;
    }

    String during() {
      return during.replace(' ', '_');
    }
  }

  /** Raw JSON-RPC over the server's stdio: one request at a time, answers matched by id. */
  static final class Session {
    private final OutputStream in;
    private final BufferedReader out;
    private int nextId = 1;
    /** The call under way (the tool and its call number), for {@link PeakSampler}. */
    volatile String current = "start";

    /** The server's pid, when each call's end should be traced to stderr with VmRSS and VmHWM; else -1. */
    private final long traced;

    Session(Process process, long traced) {
      this.traced = traced;
      this.in = process.getOutputStream();
      this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Calls a tool and returns how long the answer took, in nanoseconds; fails on an error result. */
    long call(String tool, String arguments) throws IOException {
      current = tool + "#" + nextId;
      long start = System.nanoTime();
      String answer = request("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}");
      long elapsed = System.nanoTime() - start;
      if (answer.contains("\"isError\":true")) throw new IllegalStateException(tool + " failed: " + answer);
      if (traced >= 0) {
        System.err.printf("trace %s %s ms VmRSS %s VmHWM %s MiB%n", current, ms(elapsed), status(traced, "VmRSS"),
            status(traced, "VmHWM"));
      }
      return elapsed;
    }

    String request(String method, String params) throws IOException {
      int id = nextId++;
      send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
      String prefix = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",";
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith(prefix)) {
          if (line.contains("\"error\":{")) throw new IllegalStateException(method + " failed: " + line);
          return line;
        }
      }
      throw new IllegalStateException("the server closed stdout during " + method);
    }

    void notify(String method) throws IOException {
      send("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"}");
    }

    private void send(String line) throws IOException {
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    void close() throws IOException {
      in.close();
      while (out.readLine() != null) {
        // drain until the server exits
      }
    }
  }
}
