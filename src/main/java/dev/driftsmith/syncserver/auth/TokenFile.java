package dev.driftsmith.syncserver.auth;

import dev.driftsmith.syncserver.Caller;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens from a file, one per line: {@code USER TOKEN [TENANT]}; {@code #} starts a comment.
 * Tokens are kept only as SHA-256 hashes and looked up by the hash of the presented token, so the
 * look-up takes no longer for a token that shares a prefix with a real one.
 */
public final class TokenFile implements Authenticator {
  /** Shorter tokens can be guessed; {@code openssl rand -hex 32} makes a good one. */
  public static final int MIN_TOKEN_LENGTH = 16;

  private final Map<String, Caller> callersByHash;

  private TokenFile(Map<String, Caller> callersByHash) {
    this.callersByHash = callersByHash;
  }

  /** Reads {@code file}; a line that is not {@code USER TOKEN [TENANT]} fails with its line number. */
  public static TokenFile read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, Caller> callers = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String where = file + ":" + (i + 1) + ": ";
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      String[] parts = line.split("\\s+");
      if (parts.length < 2 || parts.length > 3) throw new IllegalArgumentException(where + "write USER TOKEN [TENANT], separated by spaces");
      check(where + "user", parts[0]);
      if (parts[1].length() < MIN_TOKEN_LENGTH) {
        throw new IllegalArgumentException(where + "the token of " + parts[0] + " has " + parts[1].length()
            + " characters; use at least " + MIN_TOKEN_LENGTH + " (e.g. `openssl rand -hex 32`)");
      }
      String tenant = parts.length == 3 ? parts[2] : "";
      if (parts.length == 3) check(where + "tenant", tenant);
      if (callers.put(hash(parts[1]), new Caller(tenant, parts[0])) != null) {
        throw new IllegalArgumentException(where + "this token is already given to a user above; every token must be unique");
      }
    }
    if (callers.isEmpty()) throw new IllegalArgumentException(file + ": has no tokens; add a line USER TOKEN");
    return new TokenFile(callers);
  }

  /**
   * Creates {@code file}, readable only by its owner, with one new random token for user {@code dev},
   * and returns that token: a server started without any auth options still needs a token.
   */
  public static String createForDevelopment(Path file) throws IOException {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String token = HexFormat.of().formatHex(random);
    String text = "# USER TOKEN [TENANT] — made by driftsmith sync-server; add a line per user\ndev " + token + "\n";
    Files.writeString(file, text, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): the folder's permissions apply.
    }
    return token;
  }

  @Override
  public Optional<Caller> authenticate(String bearerToken) {
    return Optional.ofNullable(callersByHash.get(hash(bearerToken)));
  }

  private static void check(String field, String id) {
    String problem = Names.problem(id);
    if (problem != null) throw new IllegalArgumentException(field + " '" + id + "' " + problem);
  }

  static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
