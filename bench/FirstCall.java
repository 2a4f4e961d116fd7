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

/**
 * The first call of a fresh process on a big project, before and after, interleaved: every round
 * runs each case once with each launcher, in a rotating order, so a busy moment of the shared
 * machine falls on both alike. Every run works on its own copy of the project ({@code cp -a}), and
 * each process is timed whole by {@code /usr/bin/time} (wall, user and system CPU, peak RSS).
 *
 * <ul>
 *   <li>{@code generate, fresh copy}: {@code LAUNCHER generate COPY} on a copy nothing ran on
 *       (no record of a last write, no stored proofs): the full path;</li>
 *   <li>{@code generate, up to date}: the same on a copy this launcher generated once before;</li>
 *   <li>{@code generate, manifest edited}: a copy generated once, then a comment appended to
 *       driftsmith.yaml (a hand edit that changes no table): the full path, with the proofs the
 *       earlier process stored;</li>
 *   <li>{@code serve, first drift_add_table}: {@code LAUNCHER serve} on a copy generated once,
 *       {@code initialize}, then one {@code drift_add_table}; the process is timed until it exits
 *       after the answer, and the call from request to answer.</li>
 *   <li>{@code generate, schema edited}: a copy generated once, then a column added by hand to the
 *       first table of driftsmith.yaml (a change no schema step makes): the history is proven
 *       again against the edited tables, and the answer is the refusal that asks for a tool call.</li>
 * </ul>
 *
 * With {@code --prepare LAUNCHER}, the project every run copies is first prepared once: a copy of
 * {@code --project} gets one {@code drift_add_table} from {@code LAUNCHER serve}, then its
 * {@code .dart_tool/} is removed, as a fresh clone of a project whose last step that launcher wrote.
 * With {@code --prepare each}, each launcher prepares its own: a clone whose last step it wrote itself.
 *
 * Run: {@code java bench/FirstCall.java --project DIR --before OLD/target/driftsmith --after
 * target/driftsmith [--runs 5] [--cases fresh,uptodate,edited,serve,schemaedit] [--prepare target/driftsmith|each]}
 */
public class FirstCall {
  record Launcher(String name, Path path) {}

  /** One process: wall seconds, user and system CPU seconds, peak RSS in KB; the call's own ms when timed. */
  record Sample(double wall, double user, double system, long rssKb, double callMs) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    Path original = Path.of(options.get("--project")).toAbsolutePath();
    List<Launcher> launchers = List.of(new Launcher("before", Path.of(options.get("--before")).toAbsolutePath()),
        new Launcher("after", Path.of(options.get("--after")).toAbsolutePath()));
    int runs = Integer.parseInt(options.getOrDefault("--runs", "5"));
    List<String> cases = List.of(options.getOrDefault("--cases", "fresh,uptodate,edited,serve").split(","));
    Path work = Files.createTempDirectory("driftsmith-firstcall");
    // "--prepare each": every launcher reads a clone whose last step it recorded itself, in its own record format.
    Map<String, Path> projects = new LinkedHashMap<>();
    for (Launcher l : launchers) {
      String prepare = options.get("--prepare");
      Path preparer = prepare == null ? null : prepare.equals("each") ? l.path() : Path.of(prepare).toAbsolutePath();
      projects.put(l.name(), preparer == null ? original
          : prepared(new Launcher("prepare", preparer), original, work.resolve("prepared-" + l.name())));
    }
    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    System.out.println("load average at the start: " + load());
    for (int round = 0; round < runs; round++) {
      List<String> order = new ArrayList<>();
      for (String c : cases) for (Launcher l : launchers) order.add(c + "|" + l.name());
      Collections.rotate(order, round);
      for (String item : order) {
        String c = item.substring(0, item.indexOf('|'));
        Launcher launcher = launchers.stream().filter(l -> item.endsWith("|" + l.name())).findFirst().orElseThrow();
        Path copy = work.resolve("copy");
        run(List.of("rm", "-rf", copy.toString()));
        run(List.of("cp", "-a", projects.get(launcher.name()).toString(), copy.toString()));
        Sample sample = switch (c) {
          case "fresh" -> generate(launcher, copy);
          case "uptodate" -> {
            generate(launcher, copy);
            yield generate(launcher, copy);
          }
          case "edited" -> {
            generate(launcher, copy);
            Files.writeString(copy.resolve("driftsmith.yaml"), "# a hand edit\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
            yield generate(launcher, copy);
          }
          case "schemaedit" -> {
            generate(launcher, copy);
            addAColumnByHand(copy.resolve("driftsmith.yaml"));
            yield refusedGenerate(launcher, copy);
          }
          case "serve" -> {
            generate(launcher, copy);
            yield serve(launcher, copy, work.resolve("home"));
          }
          default -> throw new IllegalArgumentException("unknown case " + c);
        };
        samples.computeIfAbsent(c + " | " + launcher.name(), k -> new ArrayList<>()).add(sample);
        System.out.printf("round %d  %-10s %-7s wall %6.2f s  user %6.2f s  sys %5.2f s  RSS %4d MB%s  (load %s)%n", round + 1,
            c, launcher.name(), sample.wall(), sample.user(), sample.system(), sample.rssKb() / 1024,
            sample.callMs() >= 0 ? String.format("  call %7.0f ms", sample.callMs()) : "", load());
      }
    }
    System.out.println("load average at the end: " + load());
    System.out.println("\n| case | launcher | wall, median (min–max) | user CPU, median | peak RSS, median | call, median |");
    System.out.println("|---|---|---|---|---|---|");
    samples.forEach((key, list) -> System.out.printf("| %s | %.2f s (%.2f–%.2f) | %.2f s | %d MB | %s |%n", key,
        median(list.stream().map(Sample::wall).toList()), list.stream().mapToDouble(Sample::wall).min().orElse(0),
        list.stream().mapToDouble(Sample::wall).max().orElse(0), median(list.stream().map(Sample::user).toList()),
        Math.round(median(list.stream().map(s -> (double) s.rssKb()).toList()) / 1024),
        list.get(0).callMs() >= 0 ? String.format("%.0f ms", median(list.stream().map(Sample::callMs).toList())) : "–"));
  }

  /** {@code LAUNCHER generate DIR}, timed whole; fails unless it wrote nothing the user edited. */
  private static Sample generate(Launcher launcher, Path dir) throws Exception {
    Generated run = timedGenerate(launcher, dir);
    if (run.exit() != 0) throw new IllegalStateException(launcher.name() + " generate failed: " + run.out());
    if (!run.out().contains(" 0 refused")) throw new IllegalStateException("unexpected answer: " + run.out());
    return run.sample();
  }

  /** A {@code LAUNCHER generate DIR} process: its exit code, its output (stdout and stderr), its times. */
  record Generated(int exit, String out, Sample sample) {}

  private static Generated timedGenerate(Launcher launcher, Path dir) throws Exception {
    Path times = Files.createTempFile("firstcall", ".time");
    Process p = new ProcessBuilder("/usr/bin/time", "-o", times.toString(), "-f", "%e %U %S %M",
        launcher.path().toString(), "generate", dir.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    return new Generated(exit, out, sample(times, -1));
  }

  /** A nullable column on the first table, which no schema step adds. */
  private static void addAColumnByHand(Path yaml) throws IOException {
    String text = Files.readString(yaml);
    int columns = text.indexOf("\n    columns:\n");
    if (columns < 0) throw new IllegalStateException("no table with columns in " + yaml);
    int at = columns + "\n    columns:\n".length();
    Files.writeString(yaml, text.substring(0, at) + "    - name: handNote\n      type: text\n      nullable: true\n" + text.substring(at));
  }

  /** {@code LAUNCHER generate DIR}, timed whole; fails unless it refused the hand edit that needs a schema step. */
  private static Sample refusedGenerate(Launcher launcher, Path dir) throws Exception {
    Generated run = timedGenerate(launcher, dir);
    if (run.exit() == 0 || !run.out().contains("needs a schema step")) throw new IllegalStateException("unexpected answer: " + run.out());
    return run.sample();
  }

  /** A copy of {@code project} with one step {@code launcher} recorded, and no {@code .dart_tool/}: a fresh clone. */
  private static Path prepared(Launcher launcher, Path project, Path work) throws Exception {
    Files.createDirectories(work);
    Path copy = work.resolve("prepared");
    run(List.of("cp", "-a", project.toString(), copy.toString()));
    serve(launcher, copy, work.resolve("prepare-home"), "prepared_step");
    run(List.of("rm", "-rf", copy.resolve(".dart_tool").toString()));
    System.out.println("prepared " + copy + ": one drift_add_table by " + launcher.path() + ", .dart_tool/ removed");
    return copy;
  }

  /** {@code LAUNCHER serve} with its registry in {@code home}: initialize, one drift_add_table, then stdin closes. */
  private static Sample serve(Launcher launcher, Path dir, Path home) throws Exception {
    return serve(launcher, dir, home, "first_call");
  }

  private static Sample serve(Launcher launcher, Path dir, Path home, String table) throws Exception {
    Files.createDirectories(home);
    String id = projectId(dir);
    Files.writeString(home.resolve("projects.yaml"), id + ": \"" + dir + "\"\n");
    Path times = Files.createTempFile("firstcall", ".time");
    ProcessBuilder builder = new ProcessBuilder("/usr/bin/time", "-o", times.toString(), "-f", "%e %U %S %M",
        launcher.path().toString(), "serve").redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("DRIFTSMITH_HOME", home.toString());
    Process p = builder.start();
    OutputStream in = p.getOutputStream();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}");
    awaitId(out, 1);
    send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    long start = System.nanoTime();
    send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"drift_add_table\",\"arguments\":{"
        + "\"projectId\":\"" + id + "\",\"name\":\"" + table + "\",\"columns\":[{\"name\":\"title\",\"type\":\"text\"}]}}}");
    String answer = awaitId(out, 2);
    double callMs = (System.nanoTime() - start) / 1e6;
    if (answer.contains("\"isError\":true") || answer.contains("\"error\"")) throw new IllegalStateException("call failed: " + answer);
    in.close();
    p.waitFor();
    return sample(times, callMs);
  }

  private static void send(OutputStream in, String line) throws IOException {
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  private static String awaitId(BufferedReader out, int id) throws IOException {
    for (String line; (line = out.readLine()) != null; ) {
      if (line.contains("\"id\":" + id + ",") || line.contains("\"id\":" + id + "}")) return line;
    }
    throw new IOException("the server closed stdout before answering request " + id);
  }

  private static String projectId(Path dir) throws IOException {
    for (String line : Files.readAllLines(dir.resolve("driftsmith.yaml"))) {
      if (line.startsWith("  id: ")) return line.substring("  id: ".length()).trim();
    }
    throw new IOException("no project.id in " + dir.resolve("driftsmith.yaml"));
  }

  private static Sample sample(Path times, double callMs) throws IOException {
    List<String> lines = Files.readAllLines(times);
    String[] f = lines.get(lines.size() - 1).trim().split(" ");
    Files.delete(times);
    return new Sample(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]), Long.parseLong(f[3]), callMs);
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).inheritIO().start();
    if (p.waitFor() != 0) throw new IllegalStateException("failed: " + command);
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) out.put(args[i], args[i + 1]);
    return out;
  }
}
