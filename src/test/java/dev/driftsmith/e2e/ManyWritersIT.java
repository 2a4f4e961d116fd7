package dev.driftsmith.e2e;

import static dev.driftsmith.e2e.E2e.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.testing.Concurrently;
import dev.driftsmith.workspace.MigrationFile;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Two real server processes (as with Claude Desktop and Cursor open on one project) sharing one
 * registry, each firing its calls concurrently: no call that reported success may be lost, schema
 * versions stay distinct and contiguous, and the registry keeps every registration.
 */
class ManyWritersIT {
  private static final int CALLS_PER_SERVER = 10;

  @TempDir
  Path tmp;

  private final List<Server> servers = new ArrayList<>();

  @AfterEach
  void stopServers() {
    servers.forEach(Server::close);
  }

  @Test
  void twoProcessesAddingTablesToOneProjectLoseNothing() {
    assertTimeoutPreemptively(Duration.ofMinutes(6), this::addTables, this::stderr);
  }

  @Test
  void twoProcessesRegisteringSixteenProjectsLoseNone() {
    assertTimeoutPreemptively(Duration.ofMinutes(6), this::registerSixteen, this::stderr);
  }

  @Test
  void fiveConcurrentCreatesWithOneIdRegisterExactlyOne() {
    assertTimeoutPreemptively(Duration.ofMinutes(6), this::createSameId, this::stderr);
  }

  @Test
  void fiveConcurrentCreatesInOneFolderLeaveOneConsistentProject() {
    assertTimeoutPreemptively(Duration.ofMinutes(6), this::createSamePath, this::stderr);
  }

  private void addTables() throws Exception {
    List<Server> both = twoServers();
    Path home = tmp.resolve("home");
    Path app = tmp.resolve("app");
    McpSchema.CallToolResult created = both.get(0).call("project_create", Map.of("name", "many_writers", "path", app.toString()));
    assertNotEquals(Boolean.TRUE, created.isError(), () -> text(created));

    List<Callable<Outcome>> calls = new ArrayList<>();
    for (int i = 0; i < CALLS_PER_SERVER; i++) {
      for (Server server : both) {
        String table = "t_" + server.name + "_" + i;
        calls.add(() -> {
          McpSchema.CallToolResult result = server.call("drift_add_table", Map.of("projectId", "many_writers",
              "name", table, "columns", List.of(Map.of("name", "label", "type", "text"))));
          return Outcome.of(table, result);
        });
      }
    }
    List<Outcome> outcomes = Concurrently.run(calls);

    JsonNode manifest = new YAMLMapper().readTree(E2e.read(app.resolve("driftsmith.yaml")));
    Set<String> inManifest = new TreeSet<>();
    manifest.path("schema").path("tables").forEach(t -> inManifest.add(t.path("name").asString()));
    List<Outcome> succeeded = outcomes.stream().filter(Outcome::succeeded).toList();
    List<String> lost = succeeded.stream().map(Outcome::name)
        .filter(t -> !inManifest.contains(t) || !Files.isRegularFile(app.resolve("lib/data/tables/" + t + ".dart")))
        .toList();
    assertEquals(List.of(), lost, () -> lost.size() + " of " + succeeded.size()
        + " successful calls lost (missing from driftsmith.yaml or without their table file)");
    assertEquals(outcomes.size(), succeeded.size(), () -> "every call should succeed once calls are serialised: "
        + outcomes.stream().filter(o -> !o.succeeded()).map(Outcome::message).toList());

    // Each DDL step got its own version: 2..N+1 (version 1 is the empty schema of project_create).
    List<Integer> reported = succeeded.stream().map(Outcome::schemaVersion).sorted().toList();
    List<Integer> contiguous = IntStream.rangeClosed(2, succeeded.size() + 1).boxed().toList();
    assertEquals(contiguous, reported, "the schema versions the calls reported");
    int version = manifest.path("schema").path("version").asInt();
    assertEquals(succeeded.size() + 1, version, "schema.version");
    assertTrue(manifest.path("schema").path("history").isMissingNode(), "the history is not in driftsmith.yaml");
    Map<Integer, String> stepOf = new TreeMap<>();
    try (var files = Files.list(app.resolve(MigrationFile.FOLDER))) {
      for (Path file : files.sorted().toList()) {
        MigrationFile.Read read = MigrationFile.read(MigrationFile.FOLDER + "/" + file.getFileName(), E2e.read(file));
        assertEquals(List.of(), read.problems(), file::toString);
        stepOf.put(read.step().version(), read.step().description());
      }
    }
    assertEquals(contiguous, List.copyOf(stepOf.keySet()), "one migration file per version after the empty schema");
    for (Outcome o : succeeded) {
      assertEquals("add table " + o.name(), stepOf.get(o.schemaVersion()), "the step of version " + o.schemaVersion());
    }

    E2e.Result check = E2e.run(home, "check", app.toString());
    assertEquals(0, check.exitCode(), check::describe);
  }

  private List<Server> twoServers() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    return List.of(start(home), start(home));
  }

  /** 16 different projects, 8 from each process: every one is registered. */
  private void registerSixteen() throws Exception {
    List<Server> both = twoServers();
    Path home = tmp.resolve("home");
    List<Callable<Outcome>> creates = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Server server = both.get(i % 2);
      String id = "app" + i;
      Path path = tmp.resolve("apps/" + id);
      creates.add(() -> Outcome.of(id, server.call("project_create", Map.of("name", id, "path", path.toString()))));
    }
    List<Outcome> outcomes = Concurrently.run(creates);
    assertEquals(List.of(), outcomes.stream().filter(o -> !o.succeeded()).map(Outcome::message).toList());
    Map<String, String> registered = registry(home);
    assertEquals(16, registered.size(), () -> (16 - registered.size()) + " of 16 successful creates lost their registration; registered: "
        + registered.keySet());
    for (int i = 0; i < 16; i++) {
      assertEquals(tmp.resolve("apps/app" + i).toString(), registered.get("app" + i), "app" + i);
    }
    for (Server server : both) {
      String list = text(server.call("project_list", Map.of()));
      for (int i = 0; i < 16; i++) assertContains(list, "app" + i + " → ");
    }
  }

  /** 5 creates with one id, on five folders: exactly one wins, the others are told why. */
  private void createSameId() throws Exception {
    List<Server> both = twoServers();
    Path home = tmp.resolve("home");
    List<Callable<Outcome>> sameId = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Server server = both.get(i % 2);
      Path path = tmp.resolve("same-id/" + i);
      sameId.add(() -> Outcome.of(path.toString(), server.call("project_create",
          Map.of("name", "shared_app", "id", "shared", "path", path.toString()))));
    }
    List<Outcome> sameIdOutcomes = Concurrently.run(sameId);
    List<Outcome> winners = sameIdOutcomes.stream().filter(Outcome::succeeded).toList();
    assertEquals(1, winners.size(), () -> winners.size() + " of 5 creates with the id 'shared' reported success: "
        + sameIdOutcomes);
    for (Outcome loser : sameIdOutcomes) {
      if (loser.succeeded()) continue;
      assertTrue(loser.message().startsWith("id: "), loser::message);
      assertContains(loser.message(), "already registered");
      Path folder = Path.of(loser.name());
      assertTrue(!Files.exists(folder.resolve("driftsmith.yaml")), () -> "a refused create left files in " + folder);
    }
    assertEquals(winners.get(0).name(), registry(home).get("shared"));
  }

  /** 5 creates on one folder with different ids: exactly one wins, and its pubspec and manifest agree. */
  private void createSamePath() throws Exception {
    List<Server> both = twoServers();
    Path home = tmp.resolve("home");
    Path contested = tmp.resolve("contested");
    List<Callable<Outcome>> samePath = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Server server = both.get(i % 2);
      String id = "contested" + i;
      samePath.add(() -> Outcome.of(id, server.call("project_create", Map.of("name", id, "path", contested.toString()))));
    }
    List<Outcome> samePathOutcomes = Concurrently.run(samePath);
    List<Outcome> owners = samePathOutcomes.stream().filter(Outcome::succeeded).toList();
    assertEquals(1, owners.size(), () -> owners.size() + " of 5 creates in one folder reported success: "
        + samePathOutcomes);
    String owner = owners.get(0).name();
    for (Outcome loser : samePathOutcomes) {
      if (!loser.succeeded()) assertTrue(loser.message().startsWith("path: "), loser::message);
    }
    JsonNode manifest = new YAMLMapper().readTree(E2e.read(contested.resolve("driftsmith.yaml")));
    assertEquals(owner, manifest.path("project").path("id").asString());
    assertEquals(owner, manifest.path("project").path("name").asString());
    JsonNode pubspec = new YAMLMapper().readTree(E2e.read(contested.resolve("pubspec.yaml")));
    assertEquals(owner, pubspec.path("name").asString(), "pubspec.yaml names the project the manifest names");
    Map<String, String> after = registry(home);
    List<String> pointingThere = after.entrySet().stream()
        .filter(e -> e.getValue().equals(contested.toString())).map(Map.Entry::getKey).toList();
    assertEquals(List.of(owner), pointingThere, "registrations of the contested folder");
    E2e.Result check = E2e.run(home, "check", contested.toString());
    assertEquals(0, check.exitCode(), check::describe);
  }

  /** What one concurrent call reported. */
  record Outcome(String name, boolean succeeded, int schemaVersion, String message) {
    static Outcome of(String name, McpSchema.CallToolResult result) {
      if (Boolean.TRUE.equals(result.isError())) return new Outcome(name, false, -1, text(result));
      @SuppressWarnings("unchecked")
      Map<String, Object> changes = assertInstanceOf(Map.class, result.structuredContent(), "structuredContent");
      Object version = changes.get("schemaVersion");
      return new Outcome(name, true, version == null ? -1 : ((Number) version).intValue(), text(result));
    }
  }

  private static Map<String, String> registry(Path home) {
    Path file = home.resolve("projects.yaml");
    Map<String, String> out = new TreeMap<>();
    if (!Files.exists(file)) return out;
    new YAMLMapper().readTree(E2e.read(file)).properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
    return out;
  }

  private Server start(Path home) {
    Server server = new Server("s" + servers.size(), home);
    servers.add(server);
    return server;
  }

  private String stderr() {
    StringBuilder sb = new StringBuilder();
    for (Server s : servers) sb.append("--- stderr of ").append(s.name).append(" ---\n").append(s.stderr);
    return sb.toString();
  }

  private static String text(McpSchema.CallToolResult result) {
    StringBuilder sb = new StringBuilder();
    for (McpSchema.Content c : result.content()) {
      if (c instanceof McpSchema.TextContent t) sb.append(t.text());
    }
    return sb.toString();
  }

  /** {@code java -jar driftsmith.jar serve} over stdio, driven by the MCP Java SDK client. */
  static final class Server implements AutoCloseable {
    final String name;
    final StringBuffer stderr = new StringBuffer();
    private final McpSyncClient client;
    private final ProcessHandle process;

    Server(String name, Path home) {
      this.name = name;
      Set<Long> before = E2e.childPids();
      ServerParameters params = ServerParameters.builder(E2e.java())
          .args("-jar", E2e.jar().toString(), "serve")
          .env(Map.of("DRIFTSMITH_HOME", home.toString()))
          .build();
      StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
      transport.setStdErrorHandler(line -> stderr.append(line).append('\n'));
      client = McpClient.sync(transport)
          .requestTimeout(Duration.ofSeconds(180))
          .initializationTimeout(Duration.ofSeconds(60))
          .build();
      client.initialize();
      process = ProcessHandle.current().children().filter(p -> !before.contains(p.pid()))
          .findFirst().orElse(null);
      assertNotNull(process, "could not find the server process " + name);
    }

    McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
      return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    @Override
    public void close() {
      try {
        client.close();
      } catch (RuntimeException ignored) {
        // already closed
      }
      E2e.destroy(process);
    }
  }
}
