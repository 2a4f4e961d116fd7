package dev.driftsmith.syncserver;

import dev.driftsmith.syncserver.auth.TokenFile;
import dev.driftsmith.syncserver.conformance.ProtocolClient;
import dev.driftsmith.syncserver.store.JdbcSyncStore;
import dev.driftsmith.syncserver.store.StorageUrl;
import dev.driftsmith.syncserver.store.SyncStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Sync servers on 127.0.0.1 for tests, with two users (alice, bob) and their clients. */
public final class Harness {
  public static final String ALICE = "alice-token-0123456789abcdef";
  public static final String BOB = "bob-token-0123456789abcdef";
  public static final String ALLOWED_ORIGIN = "http://localhost:5173";

  private static final HttpClient HTTP = ProtocolClient.newHttpClient();

  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final JsonLog log = new JsonLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8));

  /** A file with the tokens of alice and bob. */
  public static Path tokens(Path dir) throws IOException {
    Path file = dir.resolve("tokens.txt");
    if (!Files.exists(file)) Files.writeString(file, "# test users\nalice " + ALICE + "\nbob " + BOB + "\n");
    return file;
  }

  public SyncServer start(String storage, Path dir) throws Exception {
    return start(storage, dir, ServerLimits.DEFAULTS, s -> s);
  }

  /** A server on a free port; {@code wrap} may put a (deliberately broken) store in front of the real one. */
  public SyncServer start(String storage, Path dir, ServerLimits limits, UnaryOperator<SyncStore> wrap) throws Exception {
    SyncStore store = wrap.apply(JdbcSyncStore.open(StorageUrl.parse(storage), 8));
    SyncServer.Options options = new SyncServer.Options("127.0.0.1", 0, "/sync", limits, Set.of(ALLOWED_ORIGIN));
    return SyncServer.start(options, store, TokenFile.read(tokens(dir)), log);
  }

  public static ProtocolClient client(SyncServer server, String token) {
    return new ProtocolClient(HTTP, server.baseUrl(), token);
  }

  /** Every line the servers of this harness logged. */
  public String log() {
    return logBytes.toString(StandardCharsets.UTF_8);
  }
}
