package dev.driftsmith.syncserver.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the store lives, as a user writes it: a SQLite file path, or a PostgreSQL URL in libpq's
 * form ({@code postgresql://user:password@host:5432/db?sslmode=require}), turned into JDBC terms.
 */
public record StorageUrl(Engine engine, String jdbcUrl, String user, String password, String display) {
  public static StorageUrl parse(String text) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("give a SQLite file (sync.sqlite) or a postgresql:// URL");
    if (text.startsWith("postgresql://") || text.startsWith("postgres://")) return postgres(text);
    if (text.contains("://")) {
      throw new IllegalArgumentException("'" + text + "' is neither a file path nor a postgresql:// URL");
    }
    return sqlite(Path.of(text));
  }

  private static StorageUrl sqlite(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    if (Files.isDirectory(abs)) throw new IllegalArgumentException(abs + " is a folder; name the database file, e.g. " + abs.resolve("sync.sqlite"));
    Path parent = abs.getParent();
    if (parent == null || !Files.isDirectory(parent)) throw new IllegalArgumentException("the folder of " + abs + " does not exist; create it first");
    return new StorageUrl(Engine.SQLITE, "jdbc:sqlite:" + abs, null, null, abs.toString());
  }

  private static StorageUrl postgres(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + redact(text) + "' is not a URL: " + e.getReason());
    }
    if (uri.getHost() == null) throw new IllegalArgumentException("'" + redact(text) + "' names no host; write postgresql://user:password@host:5432/database");
    String database = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
    if (database.isEmpty()) throw new IllegalArgumentException("'" + redact(text) + "' names no database; end it with /database");
    String user = null;
    String password = null;
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? null : decode(info.substring(colon + 1));
    }
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String jdbc = "jdbc:postgresql://" + uri.getHost() + port + "/" + database + query;
    return new StorageUrl(Engine.POSTGRESQL, jdbc, user, password, redact(text));
  }

  /** Percent-decoding only: in a URL's user part a '+' is a plus, not a space as in form data. */
  private static String decode(String part) {
    return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The URL without its password, for logs and messages. */
  static String redact(String text) {
    return text.replaceFirst("(://[^:/@]*):[^@/]*@", "$1:***@");
  }
}
