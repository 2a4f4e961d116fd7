import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold start, interleaved: every round starts each subject once, in a rotating order, so a busy
 * moment of the machine falls on all of them alike; the ratios of one run are what count.
 *
 * <ul>
 *   <li>a hello-world JVM ({@code java -Xshare:auto -cp DIR Hello}, compiled here) and {@code node -e 0}:
 *       spawn until exit;</li>
 *   <li>the upstream TypeScript server, our server as the README registers it (the launcher
 *       {@code target/driftsmith serve}) and as {@code java -jar target/driftsmith.jar serve}:
 *       spawn until the answer to {@code initialize} arrives on stdout;</li>
 *   <li>the launcher again, until it has answered {@code tools/list} as well (what a client waits
 *       for before it can call a tool), and until it has answered a first {@code tools/call} sent the
 *       moment the list arrived ({@code project_list}, as a script would; an assistant calls seconds
 *       later);</li>
 *   <li>the one-shot {@code tools} command through the launcher and through {@code java -jar}: spawn
 *       until exit.</li>
 * </ul>
 *
 * Run: {@code java bench/ColdStart.java [--upstream PATH/dist/index.js] [--runs 15] [--target target]
 * [--compare-jar OTHER.jar] [--compare-launcher OTHER/driftsmith,...] [--hello-java OTHER/bin/java]}
 */
public class ColdStart {
  private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
      + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}\n";

  private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
      + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n";

  private static final String FIRST_CALL = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{"
      + "\"name\":\"project_list\",\"arguments\":{}}}\n";

  /**
   * How a subject is timed: until it exits, until it answers initialize, until it has answered
   * tools/list too (sent as soon as initialize is answered, as a client does), or until it has
   * answered a first tool call as well (sent as soon as the list arrived).
   */
  enum Until { EXIT, INITIALIZE_ANSWERED, TOOLS_LISTED, FIRST_CALL_ANSWERED }

  record Subject(String name, List<String> command, Until until) {}

  /** One start: wall time, and CPU time of the process up to that moment (-1 when unknown). */
  record Sample(long wallMicros, long cpuMillis) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int runs = Integer.parseInt(options.getOrDefault("--runs", "15"));
    Path target = Path.of(options.getOrDefault("--target", "target")).toAbsolutePath();
    String java = ProcessHandle.current().info().command().orElse("java");
    Path hello = helloWorld();
    Path home = Files.createTempDirectory("driftsmith-bench-home");

    List<Subject> subjects = new ArrayList<>();
    subjects.add(new Subject("hello-world JVM", List.of(java, "-Xshare:auto", "-cp", hello.toString(), "Hello"), Until.EXIT));
    if (options.containsKey("--hello-java")) {
      // The same class on another JVM, e.g. the JDK 25 the launcher runs with its AOT cache.
      subjects.add(new Subject("hello-world, --hello-java", List.of(options.get("--hello-java"), "-Xshare:auto", "-cp",
          hello.toString(), "Hello"), Until.EXIT));
    }
    subjects.add(new Subject("node -e 0", List.of("node", "-e", "0"), Until.EXIT));
    if (options.containsKey("--upstream")) {
      subjects.add(new Subject("upstream Node server", List.of("node", options.get("--upstream")), Until.INITIALIZE_ANSWERED));
      subjects.add(new Subject("upstream, until tools/list", List.of("node", options.get("--upstream")), Until.TOOLS_LISTED));
    }
    String launcher = target.resolve("driftsmith").toString();
    String jar = target.resolve("driftsmith.jar").toString();
    subjects.add(new Subject("driftsmith serve (launcher)", List.of(launcher, "serve"), Until.INITIALIZE_ANSWERED));
    subjects.add(new Subject("launcher, until tools/list", List.of(launcher, "serve"), Until.TOOLS_LISTED));
    subjects.add(new Subject("launcher, until a first call", List.of(launcher, "serve"), Until.FIRST_CALL_ANSWERED));
    if (options.containsKey("--compare-launcher")) {
      // The launchers of other builds (e.g. the one before a change), comma-separated, in the same rounds.
      for (String other : options.get("--compare-launcher").split(",")) {
        String path = Path.of(other).toAbsolutePath().toString();
        subjects.add(new Subject(other + " serve", List.of(path, "serve"), Until.INITIALIZE_ANSWERED));
        subjects.add(new Subject(other + ", until tools/list", List.of(path, "serve"), Until.TOOLS_LISTED));
        subjects.add(new Subject(other + ", until a first call", List.of(path, "serve"), Until.FIRST_CALL_ANSWERED));
      }
    }
    subjects.add(new Subject("java -jar driftsmith.jar serve", List.of(java, "-jar", jar, "serve"), Until.INITIALIZE_ANSWERED));
    if (options.containsKey("--compare-jar")) {
      // Another build of the jar (e.g. the one before a change), run as java -jar in the same rounds.
      subjects.add(new Subject("java -jar <compare-jar> serve", List.of(java, "-jar", options.get("--compare-jar"), "serve"),
          Until.INITIALIZE_ANSWERED));
    }
    subjects.add(new Subject("driftsmith tools (launcher)", List.of(launcher, "tools"), Until.EXIT));
    subjects.add(new Subject("java -jar driftsmith.jar tools", List.of(java, "-jar", jar, "tools"), Until.EXIT));

    Map<Subject, List<Sample>> samples = new LinkedHashMap<>();
    subjects.forEach(s -> samples.put(s, new ArrayList<>()));
    double loadBefore = loadAverage();
    // One warm-up round fills the OS page cache for every subject alike.
    for (Subject subject : subjects) start(subject, home);
    for (int round = 0; round < runs; round++) {
      for (int i = 0; i < subjects.size(); i++) {
        Subject subject = subjects.get((round + i) % subjects.size());
        samples.get(subject).add(start(subject, home));
      }
    }
    double loadAfter = loadAverage();

    System.out.printf("cold start, %d interleaved runs each, load average %.2f before and %.2f after (%s)%n",
        runs, loadBefore, loadAfter, Runtime.version());
    System.out.printf("%-44s %10s %10s %10s %10s%n", "subject", "median ms", "min ms", "max ms", "CPU ms");
    Map<String, Double> medians = new LinkedHashMap<>();
    for (var entry : samples.entrySet()) {
      List<Long> wall = entry.getValue().stream().map(Sample::wallMicros).sorted().toList();
      List<Long> cpu = entry.getValue().stream().map(Sample::cpuMillis).filter(c -> c >= 0).sorted().toList();
      double median = median(wall) / 1000.0;
      medians.put(entry.getKey().name(), median);
      System.out.printf("%-44s %10.1f %10.1f %10.1f %10s%n", entry.getKey().name(), median, wall.get(0) / 1000.0,
          wall.get(wall.size() - 1) / 1000.0, cpu.isEmpty() ? "-" : String.valueOf(Math.round(median(cpu))));
    }
    double base = medians.get("hello-world JVM");
    System.out.println();
    System.out.println("ratios to the hello-world JVM of this run (goal: the launcher at most 5x):");
    for (var entry : medians.entrySet()) {
      if (entry.getValue() != base) System.out.printf("  %-44s %6.1fx%n", entry.getKey(), entry.getValue() / base);
    }
    Double upstream = medians.get("upstream Node server");
    if (upstream != null) {
      System.out.printf("launcher / upstream Node server: %.2fx; java -jar / upstream: %.2fx%n",
          medians.get("driftsmith serve (launcher)") / upstream, medians.get("java -jar driftsmith.jar serve") / upstream);
    }
  }

  static Sample start(Subject subject, Path home) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(subject.command()).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("DRIFTSMITH_HOME", home.toString());
    long begin = System.nanoTime();
    Process process = builder.start();
    try {
      if (subject.until() == Until.EXIT) {
        process.getOutputStream().close();
        process.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (!process.waitFor(60, TimeUnit.SECONDS)) throw new IllegalStateException(subject.name() + " did not exit");
        long wall = (System.nanoTime() - begin) / 1000;
        if (process.exitValue() != 0) throw new IllegalStateException(subject.name() + " exited " + process.exitValue());
        return new Sample(wall, -1);
      }
      OutputStream stdin = process.getOutputStream();
      stdin.write(INITIALIZE.getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = stdout.readLine();
      if (line == null || !line.contains("\"protocolVersion\"")) {
        throw new IllegalStateException(subject.name() + " did not answer initialize: " + line);
      }
      if (subject.until() == Until.TOOLS_LISTED || subject.until() == Until.FIRST_CALL_ANSWERED) {
        stdin.write(TOOLS_LIST.getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        if (!awaitAnswer(stdout, 2)) throw new IllegalStateException(subject.name() + " did not answer tools/list");
      }
      if (subject.until() == Until.FIRST_CALL_ANSWERED) {
        stdin.write(FIRST_CALL.getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        if (!awaitAnswer(stdout, 3)) throw new IllegalStateException(subject.name() + " did not answer the first call");
      }
      long wall = (System.nanoTime() - begin) / 1000;
      long cpu = cpuMillis(process.pid());
      stdin.close();
      stdout.transferTo(java.io.Writer.nullWriter());
      process.waitFor(60, TimeUnit.SECONDS);
      return new Sample(wall, cpu);
    } finally {
      process.destroyForcibly();
    }
  }

  /** Reads stdout up to the answer to request {@code id}; false when stdout ends first. */
  static boolean awaitAnswer(BufferedReader stdout, int id) throws IOException {
    // Servers order the members differently: ours writes the id first, the upstream server last.
    String first = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",";
    String last = "\"id\":" + id + "}";
    for (String line; (line = stdout.readLine()) != null; ) {
      if (line.startsWith(first) || line.endsWith(last)) return true;
    }
    return false;
  }

  /** User + system CPU time of a running process from /proc (Linux); -1 elsewhere. */
  static long cpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // Fields 14 and 15 of stat (utime, stime), counted after the command name, in clock ticks of 10 ms.
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  static double median(List<Long> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  /** Compiles a hello-world class into a temporary folder. */
  static Path helloWorld() throws IOException {
    Path dir = Files.createTempDirectory("driftsmith-bench-hello");
    Path source = Files.writeString(dir.resolve("Hello.java"),
        "public class Hello { public static void main(String[] a) { System.out.println(\"hello\"); } }\n");
    int status = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), source.toString());
    if (status != 0) throw new IllegalStateException("could not compile " + source);
    return dir;
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected an option, got " + args[i]);
      options.put(args[i], args[i + 1]);
    }
    if (args.length % 2 != 0) throw new IllegalArgumentException("option without a value: " + args[args.length - 1]);
    return options;
  }
}
