package dev.driftsmith.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import dev.driftsmith.syncserver.JsonSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** {@code java -jar driftsmith.jar sync-server ...} on a free port, its stderr kept in a file. */
final class SyncServerProcess implements AutoCloseable {
  private static final long START_SECONDS = 60;

  final Process process;
  final Path stderr;
  final URI baseUrl;

  private SyncServerProcess(Process process, Path stderr, URI baseUrl) {
    this.process = process;
    this.stderr = stderr;
    this.baseUrl = baseUrl;
  }

  /** Starts the server with {@code --port 0} and waits for its "started" log line, which names its URL. */
  static SyncServerProcess start(Path dir, String... args) throws Exception {
    Path err = Files.createTempFile(dir, "sync-server", ".log");
    List<String> command = new ArrayList<>(List.of("sync-server", "--port", "0"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(E2e.command(command.toArray(String[]::new)))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
    p.getOutputStream().close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (System.nanoTime() < deadline) {
      for (JsonNode line : lines(err)) {
        if ("started".equals(line.path("event").asString())) return new SyncServerProcess(p, err, URI.create(line.get("url").asString()));
      }
      if (!p.isAlive()) fail("sync-server exited with " + p.exitValue() + ":\n" + Files.readString(err));
      Thread.sleep(50);
    }
    E2e.destroy(p);
    return fail("sync-server did not start within " + START_SECONDS + " s:\n" + Files.readString(err));
  }

  /** The server's stderr as JSON lines; a line that is not JSON fails the test. */
  static List<JsonNode> lines(Path err) {
    List<JsonNode> lines = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
        try {
          lines.add(JsonSupport.MAPPER.readTree(line));
        } catch (JacksonException e) {
          fail("a stderr line of sync-server is not JSON: " + line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  /** SIGTERM, as a service manager stops it; the server closes its pool and exits. */
  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(E2e.EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) E2e.destroy(process);
  }
}
