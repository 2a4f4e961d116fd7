package dev.driftsmith.cli;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.syncserver.JsonLog;
import dev.driftsmith.syncserver.JsonLogProvider;
import dev.driftsmith.syncserver.ServerLimits;
import dev.driftsmith.syncserver.SyncServer;
import dev.driftsmith.syncserver.auth.Authenticator;
import dev.driftsmith.syncserver.auth.Hs256Jwt;
import dev.driftsmith.syncserver.auth.TokenFile;
import dev.driftsmith.syncserver.store.Engine;
import dev.driftsmith.syncserver.store.JdbcSyncStore;
import dev.driftsmith.syncserver.store.StorageUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/** {@code driftsmith sync-server}: the reference backend of docs/sync-protocol.md. */
@Command(name = "sync-server", description = "Run the reference sync server (SQLite file or PostgreSQL) for the generated sync client.")
final class SyncServerCommand extends Cli.Handled {
  @Option(names = "--db", defaultValue = "${env:DRIFTSMITH_SYNC_DB}", paramLabel = "FILE|URL",
      description = "A SQLite file (created when missing) or postgresql://user:password@host:5432/db (default: $DRIFTSMITH_SYNC_DB).")
  String db;

  @Option(names = "--port", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Bind address (default ${DEFAULT-VALUE}; TLS belongs to a reverse proxy in front).")
  String host;

  @Option(names = "--base-path", defaultValue = "/sync", description = "Path of push, pull and ping (default ${DEFAULT-VALUE}).")
  String basePath;

  @Option(names = "--tokens", paramLabel = "FILE", description = "Bearer tokens, one `USER TOKEN [TENANT]` per line.")
  Path tokens;

  @Option(names = "--jwt-secret-file", paramLabel = "FILE", description = "Accept HS256 JWTs signed with the secret in FILE (sub = user).")
  Path jwtSecretFile;

  @Option(names = "--allow-origin", paramLabel = "ORIGIN", description = "Let a web app from ORIGIN call the server (CORS); repeatable.")
  List<String> allowedOrigins = new ArrayList<>();

  @Option(names = "--max-request-bytes", defaultValue = "8388608", paramLabel = "BYTES",
      description = "Refuse larger request bodies, also after decompression, with 413 (default ${DEFAULT-VALUE}, 8 MiB).")
  int maxRequestBytes;

  @Option(names = "--max-operations", defaultValue = "1000", paramLabel = "N",
      description = "Refuse pushes of more operations with 413 (default ${DEFAULT-VALUE}).")
  int maxOperations;

  @Option(names = "--max-pull-limit", defaultValue = "1000", paramLabel = "N",
      description = "Largest page a pull returns; larger limits are cut to it (default ${DEFAULT-VALUE}).")
  int maxPullLimit;

  @Option(names = "--pool-size", defaultValue = "10", paramLabel = "N", description = "Database connections (default ${DEFAULT-VALUE}).")
  int poolSize;

  @Override
  int run() throws Exception {
    // Before any library class logs: their lines become JSON like ours.
    JsonLogProvider.select();
    JsonLog log = new JsonLog(System.err);
    StorageUrl storage = storage();
    SyncServer.Options options = options();
    Authenticator auth = authenticator(storage, log);
    JdbcSyncStore store;
    try {
      store = JdbcSyncStore.open(storage, Cli.Serve.atLeast("--pool-size", poolSize, 1));
    } catch (RuntimeException e) {
      throw new ToolException("--db", "cannot open " + storage.display() + ": " + rootCause(e));
    }
    SyncServer server;
    try {
      server = SyncServer.start(options, store, auth, log);
    } catch (IOException e) {
      store.close();
      throw new ToolException("--port", host + ":" + port + " cannot be listened on (" + rootCause(e) + "); give another --port or --host");
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sync-server-stop"));
    ObjectNode started = log.event("info", "started");
    started.put("url", server.baseUrl().toString()).put("storage", store.engine()).put("database", storage.display());
    log.write(started);
    server.join();
    return 0;
  }

  private StorageUrl storage() throws ToolException {
    if (db == null || db.isBlank()) throw new ToolException("--db", "missing; give a SQLite file (sync.sqlite) or a postgresql:// URL");
    try {
      return StorageUrl.parse(db);
    } catch (IllegalArgumentException e) {
      throw new ToolException("--db", e.getMessage());
    }
  }

  private SyncServer.Options options() throws ToolException {
    if (port < 0 || port > 65535) throw new ToolException("--port", port + " is not a port; give 0 to 65535");
    ServerLimits limits;
    try {
      limits = new ServerLimits(Cli.Serve.atLeast("--max-request-bytes", maxRequestBytes, 1024), Cli.Serve.atLeast("--max-operations", maxOperations, 1),
          Cli.Serve.atLeast("--max-pull-limit", maxPullLimit, 1));
      return new SyncServer.Options(host, port, basePath, limits, new LinkedHashSet<>(allowedOrigins));
    } catch (IllegalArgumentException e) {
      throw new ToolException("--base-path", e.getMessage());
    }
  }

  /**
   * Tokens, JWTs or both. With neither, a SQLite server (a developer's) makes itself a token file
   * next to the database; a PostgreSQL one (production) refuses to start without auth.
   */
  private Authenticator authenticator(StorageUrl storage, JsonLog log) throws ToolException, IOException {
    List<Authenticator> all = new ArrayList<>();
    if (tokens != null) all.add(tokenFile(tokens, "--tokens"));
    if (jwtSecretFile != null) {
      if (!Files.isRegularFile(jwtSecretFile)) throw new ToolException("--jwt-secret-file", jwtSecretFile + " does not exist");
      try {
        all.add(Hs256Jwt.fromFile(jwtSecretFile));
      } catch (IllegalArgumentException e) {
        throw new ToolException("--jwt-secret-file", e.getMessage());
      }
    }
    if (all.isEmpty()) {
      if (storage.engine() != Engine.SQLITE) {
        throw new ToolException("--tokens", "missing; a server on PostgreSQL needs --tokens FILE or --jwt-secret-file FILE");
      }
      Path devTokens = Path.of(storage.display() + ".tokens");
      if (!Files.exists(devTokens)) {
        String token = TokenFile.createForDevelopment(devTokens);
        ObjectNode line = log.event("warn", "development-token");
        line.put("file", devTokens.toString()).put("user", "dev").put("token", token)
            .put("message", "no --tokens or --jwt-secret-file: made a token for user dev; give the app `authorization: Bearer <token>`");
        log.write(line);
      }
      all.add(tokenFile(devTokens, "--tokens"));
    }
    return Authenticator.anyOf(all);
  }

  private static TokenFile tokenFile(Path file, String option) throws ToolException, IOException {
    if (!Files.isRegularFile(file)) throw new ToolException(option, file + " does not exist; write one line `USER TOKEN` per user");
    try {
      return TokenFile.read(file);
    } catch (IllegalArgumentException e) {
      throw new ToolException(option, e.getMessage());
    }
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) cause = cause.getCause();
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
