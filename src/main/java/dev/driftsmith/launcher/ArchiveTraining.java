package dev.driftsmith.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes a start-up archive ({@link StartArchive}): starts the packaged jar as the launcher does, with
 * the option that writes the archive at exit, and drives one MCP session over stdio through the
 * calls that start every session (initialize, tools/list) and the first ones on a project (create, a
 * table, generate). The JVM writes what the session loaded (and, for an AOT cache, how its methods
 * ran) into the archive when it exits; a later start maps that instead of reading, parsing and
 * verifying the classes from the jar again.
 */
final class ArchiveTraining {
  /** A session that takes longer than this hangs: the build fails rather than wait. */
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path java;
  private final Path jar;
  private final Path archive;
  private final StartArchive kind;

  ArchiveTraining(Path java, Path jar, Path archive, StartArchive kind) {
    this.java = java;
    this.jar = jar;
    this.archive = archive;
    this.kind = kind;
  }

  /** Runs the session; the archive is in place afterwards, or this throws and leaves none. */
  void run() throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("driftsmith-" + kind.name().toLowerCase(Locale.ROOT) + "-training");
    Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
    // An archive of an earlier jar would only be refused by the JVM; a failed training leaves none.
    Files.deleteIfExists(archive);
    Files.deleteIfExists(partial);
    Process server = start(work, partial);
    Thread watchdog = watchdog(server);
    try {
      session(server, work.resolve("training_app"));
      if (!server.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) throw new IOException("the server did not exit after the session");
      if (server.exitValue() != 0) throw new IOException("the server exited with " + server.exitValue() + stderr(work));
      if (!Files.isRegularFile(partial) || Files.size(partial) == 0) {
        throw new IOException("the JVM wrote no archive at " + partial + stderr(work));
      }
      Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (!watchdog.isAlive()) throw new IOException("the session did not finish within " + TIMEOUT.toMinutes() + " minutes", e);
      throw e.getMessage().contains("; its stderr:") ? e : new IOException(e.getMessage() + stderr(work), e);
    } finally {
      watchdog.interrupt();
      server.destroyForcibly();
      Files.deleteIfExists(partial);
      deleteTree(work);
    }
  }

  /** Kills the server when the session takes longer than {@link #TIMEOUT}, so a read never blocks the build for good. */
  private static Thread watchdog(Process server) {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(TIMEOUT.toMillis());
        server.destroyForcibly();
      } catch (InterruptedException e) {
        // The session ended in time.
      }
    }, "archive-training-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    return watchdog;
  }

  /** The command of the launcher, with the archive written at exit instead of read at start. */
  List<String> command(Path writeTo) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add(kind.writeFlag + writeTo);
    JvmOption.TUNING.forEach(option -> command.add(option.flag()));
    kind.options.forEach(option -> command.add(option.flag()));
    command.addAll(List.of("-jar", jar.toString(), "serve"));
    return command;
  }

  private Process start(Path work, Path writeTo) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command(writeTo));
    // A registry of its own, so the training never touches the user's list of projects.
    builder.environment().put("DRIFTSMITH_HOME", Files.createDirectories(work.resolve("home")).toString());
    builder.redirectError(work.resolve("stderr.txt").toFile());
    return builder.start();
  }

  private void session(Process server, Path app) throws IOException {
    OutputStream in = server.getOutputStream();
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    request(in, out, 1, "initialize", JSON.createObjectNode().put("protocolVersion", "2025-06-18")
        .<ObjectNode>set("capabilities", JSON.createObjectNode())
        .set("clientInfo", JSON.createObjectNode().put("name", "driftsmith-archive-training").put("version", "1")));
    send(in, JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
    request(in, out, 2, "tools/list", JSON.createObjectNode());
    call(in, out, 3, "project_create", JSON.createObjectNode().put("name", "training_app").put("path", app.toString()));
    ObjectNode table = JSON.createObjectNode().put("projectId", "training_app").put("name", "notes");
    table.putArray("columns")
        .add(JSON.createObjectNode().put("name", "title").put("type", "text"))
        .add(JSON.createObjectNode().put("name", "done").put("type", "boolean"));
    call(in, out, 4, "drift_add_table", table);
    call(in, out, 5, "project_generate", JSON.createObjectNode().put("projectId", "training_app"));
    call(in, out, 6, "project_check", JSON.createObjectNode().put("projectId", "training_app"));
    in.close();
  }

  private static void call(OutputStream in, BufferedReader out, int id, String tool, ObjectNode arguments)
      throws IOException {
    JsonNode result = request(in, out, id, "tools/call",
        JSON.createObjectNode().put("name", tool).set("arguments", arguments));
    if (result.path("result").path("isError").asBoolean(false)) {
      throw new IOException(tool + " failed: " + result.path("result").path("content").path(0).path("text").asString());
    }
  }

  /** Sends a request and reads stdout up to its response (notifications in between are skipped). */
  private static JsonNode request(OutputStream in, BufferedReader out, int id, String method, ObjectNode params)
      throws IOException {
    send(in, JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method).set("params", params));
    for (String line; (line = out.readLine()) != null; ) {
      JsonNode message = JSON.readTree(line);
      if (message.path("id").asInt(-1) != id || message.has("method")) continue;
      if (message.has("error")) throw new IOException(method + " failed: " + message.get("error"));
      return message;
    }
    throw new IOException("the server closed stdout before answering " + method);
  }

  private static void send(OutputStream in, JsonNode message) throws IOException {
    in.write((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  private static String stderr(Path work) throws IOException {
    Path file = work.resolve("stderr.txt");
    return Files.exists(file) ? "; its stderr:\n" + Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
