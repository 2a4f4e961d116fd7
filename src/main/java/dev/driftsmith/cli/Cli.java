package dev.driftsmith.cli;

import dev.driftsmith.Driftsmith;
import dev.driftsmith.generate.ChangeSet;
import dev.driftsmith.generate.ProjectService;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.mcp.HttpLimits;
import dev.driftsmith.mcp.Servers;
import dev.driftsmith.project.FileProjectRegistry;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.project.MemoryProjectRegistry;
import dev.driftsmith.schema.Migrations;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolRegistry;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The command line. Every command goes through the same tools and pipeline as MCP calls. */
@Command(name = "driftsmith", mixinStandardHelpOptions = true, version = "driftsmith 0.1.0",
    description = "Writes offline-first drift data layers into Flutter projects (MCP server and CLI).",
    subcommands = {Cli.Serve.class, Cli.Demo.class, Cli.Generate.class, Cli.Check.class, Cli.Schema.class, Cli.Tools.class,
        SyncServerCommand.class, SyncConformanceCommand.class})
public final class Cli implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /**
   * The two commands run without building the command-line model: {@code serve} with no options, as
   * every assistant session starts it, and {@code generate DIR} with none, as a script or a hand
   * edit's regeneration runs it. picocli's classes are compiled for Java 5, which the class-data
   * archive of the launcher cannot hold, and reading the annotations of every command costs more
   * than the rest of the start (over a quarter of an up-to-date {@code generate}'s CPU). Same behaviour and
   * exit codes as through picocli; anything else (an option, an {@code @file} of arguments, a DIR
   * that names no path) is empty here and goes through picocli.
   */
  public static Optional<Callable<Integer>> withoutModel(String[] args) {
    if (args.length == 1 && args[0].equals("serve")) return Optional.of(new Serve());
    if (args.length != 2 || !args[0].equals("generate") || args[1].startsWith("-") || args[1].startsWith("@")) {
      return Optional.empty();
    }
    Generate generate = new Generate();
    try {
      generate.dir = Path.of(args[1]);
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
    return Optional.of(generate);
  }

  /**
   * The pipeline over an empty in-memory registry, so CLI commands never touch the user's registry.
   * The commands work on the folder directly and load its manifest once (loading checks it).
   */
  static ProjectService projects() {
    return Driftsmith.tools(new MemoryProjectRegistry()).context().projects();
  }

  static Path folder(Path dir) throws ToolException {
    Path abs = dir.toAbsolutePath().normalize();
    if (!ManifestIo.exists(abs)) {
      throw new ToolException("DIR", abs + " has no driftsmith.yaml; create a project with the MCP tools or `driftsmith demo`");
    }
    return abs;
  }

  /** Commands report bad input on stderr (one line per problem) and exit 2, never with a stack trace. */
  abstract static class Handled implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      try {
        return run();
      } catch (ToolException e) {
        System.err.println(e.getMessage());
        return 2;
      }
    }

    abstract int run() throws Exception;
  }

  /** A command on the project in DIR, which must hold a driftsmith.yaml. */
  abstract static class OnFolder extends Handled {
    @Parameters(paramLabel = "DIR", description = "The Flutter project folder.")
    Path dir;

    @Override
    int run() throws Exception {
      return run(folder(dir));
    }

    abstract int run(Path root) throws Exception;
  }

  @Command(name = "serve", description = "Run the MCP server (stdio by default).")
  static final class Serve extends Handled {
    @Option(names = "--http", description = "Serve Streamable HTTP instead of stdio.")
    boolean http;

    @Option(names = "--port", defaultValue = "8765", description = "HTTP port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "HTTP bind address (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--idle-timeout", defaultValue = "30", paramLabel = "SECONDS",
        description = "HTTP: close a connection silent this long (default ${DEFAULT-VALUE}).")
    long idleTimeout;

    @Option(names = "--read-timeout", defaultValue = "10", paramLabel = "SECONDS",
        description = "HTTP: a request body must arrive whole within this (default ${DEFAULT-VALUE}).")
    long readTimeout;

    @Option(names = "--session-timeout", defaultValue = "1800", paramLabel = "SECONDS",
        description = "HTTP: drop an MCP session without requests this long (default ${DEFAULT-VALUE}).")
    long sessionTimeout;

    @Option(names = "--max-connections", defaultValue = "256", paramLabel = "N",
        description = "HTTP: connections beyond this wait for one to close (default ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-request-bytes", defaultValue = "4194304", paramLabel = "BYTES",
        description = "HTTP: refuse larger request bodies with 413 (default ${DEFAULT-VALUE}, 4 MiB).")
    int maxRequestBytes;

    @Override
    int run() throws Exception {
      if (!http) {
        Servers.stdio(FileProjectRegistry::fromEnvironment);
        return 0;
      }
      HttpLimits limits = limits();
      var server = Servers.http(Driftsmith.tools(FileProjectRegistry.fromEnvironment()), host, port, limits);
      System.err.println("Driftsmith MCP (Streamable HTTP) on http://" + host + ":" + port + "/mcp");
      server.join();
      return 0;
    }

    private HttpLimits limits() throws ToolException {
      return new HttpLimits(seconds("--idle-timeout", idleTimeout), seconds("--read-timeout", readTimeout),
          seconds("--session-timeout", sessionTimeout), atLeast("--max-connections", maxConnections, 1),
          atLeast("--max-request-bytes", maxRequestBytes, 1024));
    }

    private static Duration seconds(String option, long value) throws ToolException {
      return Duration.ofSeconds(atLeast(option, value, 1));
    }

    static int atLeast(String option, long value, int minimum) throws ToolException {
      if (value < minimum) throw new ToolException(option, value + " is too small; give at least " + minimum);
      return (int) Math.min(value, Integer.MAX_VALUE);
    }
  }

  @Command(name = "demo", description = "Create a sample notes/todos Flutter project in DIR with every feature, and print the change set.")
  static final class Demo extends Handled {
    @Parameters(paramLabel = "DIR", description = "A new or empty folder.")
    Path dir;

    @Override
    int run() throws Exception {
      for (String line : DemoProject.create(dir.toAbsolutePath().normalize())) System.out.println(line);
      return 0;
    }
  }

  @Command(name = "generate", description = "Regenerate DIR from DIR/driftsmith.yaml.")
  static final class Generate extends OnFolder {
    @Option(names = "--dry-run", description = "Print unified diffs; write nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Overwrite generated files that were edited by hand.")
    boolean force;

    @Override
    int run(Path root) throws Exception {
      ProjectService.Options options = new ProjectService.Options(dryRun, force);
      // Asked before the generator is built: an up-to-date project needs none of it.
      ChangeSet changes = ProjectService.upToDate(root, null, options).orElse(null);
      if (changes == null) changes = projects().regenerateInFull(root, null, options);
      System.out.println(changes.summary());
      if (dryRun) changes.files().stream().filter(f -> f.diff() != null).forEach(f -> System.out.print(f.diff()));
      return changes.hasRefusals() ? 1 : 0;
    }
  }

  @Command(name = "check", description = "Exit 0 when generated files match driftsmith.yaml; 1 with a list when they are stale or edited.")
  static final class Check extends OnFolder {
    @Override
    int run(Path root) throws Exception {
      var problems = projects().check(root);
      if (problems.isEmpty()) {
        System.out.println("OK: generated files match driftsmith.yaml");
        return 0;
      }
      problems.forEach(p -> System.out.println(p.path() + ": " + p.problem()));
      return 1;
    }
  }

  @Command(name = "schema", description = "Print the SQLite DDL of the current (or an earlier) schema version.")
  static final class Schema extends OnFolder {
    @Option(names = "--version", description = "Schema version to print (default: current).")
    Integer version;

    @Override
    int run(Path root) throws Exception {
      ProjectService projects = projects();
      Manifest manifest = projects.load(root);
      int current = manifest.schema().version();
      if (version != null && (version < 1 || version > current)) {
        throw new ToolException("--version", "must be from 1 to " + current);
      }
      List<String> statements = version == null || version == current
          ? SqlSchema.freshInstall(projects.generator().schema().of(manifest)) : Migrations.replay(manifest.schema(), version);
      System.out.println("-- schema version " + (version == null ? current : version) + " of " + manifest.project().name());
      try (SqliteSandbox box = SqliteSandbox.with(statements)) {
        for (String ddl : box.ddl()) System.out.println(ddl + ";");
      }
      return 0;
    }
  }

  @Command(name = "tools", description = "List the MCP tools with their one-line descriptions.")
  static final class Tools implements Callable<Integer> {
    @Override
    public Integer call() {
      for (Tool tool : Driftsmith.tools(new MemoryProjectRegistry()).all()) {
        System.out.printf("%-28s %s%n", tool.name(), tool.description());
      }
      return 0;
    }
  }
}
