package dev.driftsmith.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code serve --http} of the packaged jar on a free loopback port, until closed. */
final class HttpServe implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  final Process process;
  final int port;
  private final Path stderr;

  private HttpServe(Process process, int port, Path stderr) {
    this.process = process;
    this.port = port;
    this.stderr = stderr;
  }

  /** Starts the server with {@code options} after {@code --http --port N} and waits until it listens. */
  static HttpServe start(Path tmp, Map<String, String> env, String... options) throws IOException, InterruptedException {
    int port = freePort();
    Path home = Files.createDirectories(tmp.resolve("home"));
    List<String> args = new ArrayList<>(List.of("serve", "--http", "--port", String.valueOf(port)));
    args.addAll(List.of(options));
    ProcessBuilder builder = new ProcessBuilder(E2e.command(args.toArray(String[]::new)));
    builder.environment().put("DRIFTSMITH_HOME", home.toString());
    builder.environment().putAll(env);
    Path stderr = tmp.resolve("server-stderr-" + port + ".txt");
    builder.redirectOutput(tmp.resolve("server-stdout-" + port + ".txt").toFile()).redirectError(stderr.toFile());
    HttpServe server = new HttpServe(builder.start(), port, stderr);
    server.process.getOutputStream().close();
    server.awaitPort();
    return server;
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  String stderr() {
    try {
      return Files.exists(stderr) ? "server stderr:\n" + Files.readString(stderr) : "(no stderr)";
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private void awaitPort() throws InterruptedException {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) fail("server exited with " + process.exitValue() + " before listening; " + stderr());
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) fail("port " + port + " not open after " + STARTUP_TIMEOUT + "; " + stderr());
        Thread.sleep(100);
      }
    }
  }

  @Override
  public void close() {
    E2e.destroy(process);
  }
}
