package dev.driftsmith.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: initdb in a temp folder, on a free port of 127.0.0.1,
 * password auth, started once per JVM ({@link #shared()}) and stopped and deleted when the JVM
 * exits. PostgreSQL refuses to run as root, so as root (CI) it runs as the {@code postgres} user.
 * The binaries are Debian's PostgreSQL 15 ({@code .ci/run} installs them), or those in
 * {@code $DRIFTSMITH_PG_BIN}.
 */
public final class PostgresCluster implements AutoCloseable {
  public static final String USER = "driftsmith";
  private static final String PASSWORD = "pw-" + UUID.randomUUID();
  private static final Path DEFAULT_BIN = Path.of("/usr/lib/postgresql/15/bin");
  private static PostgresCluster shared;

  private final Path dir;
  private final Path bin;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();
  private boolean stopped;

  private PostgresCluster(Path dir, Path bin, int port) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
  }

  /** The JVM's cluster, started on first use. */
  public static synchronized PostgresCluster shared() {
    if (shared == null) {
      shared = start();
      PostgresCluster cluster = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "postgres-test-cluster-stop"));
    }
    return shared;
  }

  public int port() {
    return port;
  }

  /** A new empty database, as a {@code postgresql://} URL with user and password. */
  public String newDatabase() {
    String name = "t" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, PASSWORD);
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("CREATE DATABASE " + name + " failed: " + e.getMessage(), e);
    }
    return "postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/" + name;
  }

  private static PostgresCluster start() {
    Path bin = Path.of(System.getenv().getOrDefault("DRIFTSMITH_PG_BIN", DEFAULT_BIN.toString()));
    if (!Files.isExecutable(bin.resolve("initdb"))) {
      throw new IllegalStateException("PostgreSQL server binaries not found in " + bin
          + "; install them (Debian: apt-get install postgresql-15, as .ci/run does) or set DRIFTSMITH_PG_BIN");
    }
    try {
      Path dir = Files.createTempDirectory("driftsmith-pg-");
      Files.writeString(dir.resolve("pw"), PASSWORD, StandardCharsets.UTF_8);
      if (isRoot()) run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir);
      run(asServerUser(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
          "--pwfile=" + dir.resolve("pw"), "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"), dir);
      IllegalStateException last = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        int port = freePort();
        PostgresCluster cluster = new PostgresCluster(dir, bin, port);
        try {
          cluster.pgCtl("-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
              "-h 127.0.0.1 -p " + port + " -k " + dir + " -c fsync=off -c synchronous_commit=off -c max_connections=300",
              "start");
          return cluster;
        } catch (IllegalStateException e) {
          last = e; // the port was taken in between: try another
        }
      }
      throw last;
    } catch (IOException e) {
      throw new IllegalStateException("could not start PostgreSQL: " + e.getMessage(), e);
    }
  }

  private void pgCtl(String... args) {
    List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString()));
    command.addAll(List.of(args));
    run(asServerUser(command.toArray(String[]::new)), dir);
  }

  /** Stops the server and deletes its folder. */
  @Override
  public synchronized void close() {
    if (stopped) return;
    stopped = true;
    try {
      pgCtl("-m", "immediate", "-w", "stop");
    } finally {
      deleteTree(dir);
    }
  }

  private static List<String> asServerUser(String... command) {
    List<String> full = new ArrayList<>();
    if (isRoot()) full.addAll(List.of("runuser", "-u", "postgres", "--"));
    full.addAll(List.of(command));
    return full;
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void run(List<String> command, Path dir) {
    try {
      Path output = Files.createTempFile("driftsmith-pg-cmd", ".log");
      try {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(output.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
        }
        if (p.exitValue() != 0) {
          throw new IllegalStateException(String.join(" ", command) + " failed with exit " + p.exitValue() + ":\n"
              + Files.readString(output, StandardCharsets.UTF_8));
        }
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e.getMessage());
    }
  }
}
