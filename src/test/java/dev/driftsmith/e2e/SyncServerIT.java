package dev.driftsmith.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.syncserver.ConcurrentWorkload;
import dev.driftsmith.syncserver.Harness;
import dev.driftsmith.syncserver.conformance.ProtocolClient;
import dev.driftsmith.testing.PostgresCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The sync server and the conformance kit as users run them: processes of the packaged jar. */
class SyncServerIT {
  @TempDir
  Path dir;

  @Test
  void theKitPassesAgainstTheJarOnSqlite() throws Exception {
    try (SyncServerProcess server = SyncServerProcess.start(dir, "--db", dir.resolve("sync.sqlite").toString(),
        "--tokens", Harness.tokens(dir).toString())) {
      assertKitPasses(server);
      assertEquals(200, client(server).getFromRoot("/health").status());
      List<JsonNode> log = SyncServerProcess.lines(server.stderr);
      assertTrue(log.stream().anyMatch(l -> "request".equals(l.path("event").asString()) && "/sync/push".equals(l.path("path").asString())),
          "requests are logged");
      assertTrue(log.stream().anyMatch(l -> "library".equals(l.path("event").asString())), "library logs are JSON too");
    }
  }

  /** Two server processes on one PostgreSQL database: stateless, so any of them serves any request. */
  @Test
  void twoServerProcessesShareOnePostgresDatabase() throws Exception {
    String db = PostgresCluster.shared().newDatabase();
    String tokens = Harness.tokens(dir).toString();
    try (SyncServerProcess one = SyncServerProcess.start(dir, "--db", db, "--tokens", tokens);
         SyncServerProcess two = SyncServerProcess.start(dir, "--db", db, "--tokens", tokens)) {
      ConcurrentWorkload.run(List.of(client(one), client(two)));
      assertKitPasses(two);
    }
  }

  @Test
  void withoutAuthOptionsASqliteServerMakesADevelopmentToken() throws Exception {
    Path db = dir.resolve("dev.sqlite");
    try (SyncServerProcess server = SyncServerProcess.start(dir, "--db", db.toString())) {
      Path tokens = Path.of(db + ".tokens");
      assertTrue(Files.isRegularFile(tokens));
      String token = Files.readAllLines(tokens).stream().filter(l -> l.startsWith("dev ")).findFirst().orElseThrow().substring(4);
      JsonNode notice = SyncServerProcess.lines(server.stderr).stream()
          .filter(l -> "development-token".equals(l.path("event").asString())).findFirst().orElseThrow();
      assertEquals(token, notice.get("token").asString());
      assertEquals(200, new ProtocolClient(ProtocolClient.newHttpClient(), server.baseUrl, token).ping().status());
    }
  }

  @Test
  void badOptionsAreRefusedNamingTheOption() throws Exception {
    E2e.Result noAuth = E2e.run(dir, "sync-server", "--db", "postgresql://u:secret@127.0.0.1:1/db", "--port", "0");
    assertEquals(2, noAuth.exitCode(), noAuth.describe());
    assertTrue(noAuth.stderr().contains("--tokens: missing; a server on PostgreSQL needs"), noAuth.describe());
    E2e.Result noFolder = E2e.run(dir, "sync-server", "--db", dir.resolve("missing/sync.sqlite").toString(), "--port", "0");
    assertEquals(2, noFolder.exitCode(), noFolder.describe());
    assertTrue(noFolder.stderr().contains("--db: the folder of"), noFolder.describe());
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      E2e.Result busy = E2e.run(dir, "sync-server", "--db", dir.resolve("busy.sqlite").toString(), "--port",
          String.valueOf(taken.getLocalPort()));
      assertEquals(2, busy.exitCode(), busy.describe());
      assertTrue(busy.stderr().contains("--port: 127.0.0.1:" + taken.getLocalPort() + " cannot be listened on"), busy.describe());
    }
    E2e.Result unreachable = E2e.run(dir, "sync-conformance", "--url", "http://127.0.0.1:1/sync", "--token", "x");
    assertEquals(1, unreachable.exitCode(), unreachable.describe());
    assertTrue(unreachable.stdout().contains("FAIL ping"), unreachable.describe());
  }

  private void assertKitPasses(SyncServerProcess server) {
    E2e.Result kit = E2e.run(dir, "sync-conformance", "--url", server.baseUrl.toString(), "--token", Harness.ALICE,
        "--other-token", Harness.BOB);
    assertEquals(0, kit.exitCode(), kit.describe());
    assertTrue(kit.stdout().contains("21 passed, 0 failed, 0 skipped"), kit.describe());
  }

  private static ProtocolClient client(SyncServerProcess server) {
    return new ProtocolClient(ProtocolClient.newHttpClient(), server.baseUrl, Harness.ALICE);
  }
}
