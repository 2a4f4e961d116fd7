package dev.driftsmith.syncserver.auth;

import dev.driftsmith.syncserver.Caller;
import dev.driftsmith.syncserver.JsonSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * JSON Web Tokens signed with HMAC-SHA256 and a shared secret, as an app's own auth backend issues
 * them. Only {@code alg: HS256} is accepted: a token naming another algorithm ({@code none}
 * above all) is refused, whatever its signature. Claims: {@code sub} is the user (required),
 * {@code exp} is required (a leaked token without one would work for ever), {@code nbf} is
 * honoured, {@code tenant} is optional.
 */
public final class Hs256Jwt implements Authenticator {
  /** RFC 7518 asks for a key at least as long as the hash: 256 bits. */
  public static final int MIN_SECRET_BYTES = 32;

  /** Clocks of the issuer and this server may differ this much. */
  static final long LEEWAY_SECONDS = 60;

  private final byte[] secret;
  private final Clock clock;

  Hs256Jwt(byte[] secret, Clock clock) {
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("the JWT secret has " + secret.length + " bytes; use at least " + MIN_SECRET_BYTES
          + " (e.g. `openssl rand -hex 32`)");
    }
    this.secret = secret.clone();
    this.clock = clock;
  }

  /** The secret is the file's content without its final line break. */
  public static Hs256Jwt fromFile(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\\R\\z", "");
    return new Hs256Jwt(text.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
  }

  @Override
  public Optional<Caller> authenticate(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) return Optional.empty();
    try {
      JsonNode header = decode(parts[0]);
      if (!"HS256".equals(text(header, "alg"))) return Optional.empty();
      byte[] expected = sign(parts[0] + "." + parts[1]);
      if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) return Optional.empty();
      return caller(decode(parts[1]));
    } catch (IllegalArgumentException | JacksonException e) {
      return Optional.empty();
    }
  }

  private Optional<Caller> caller(JsonNode claims) {
    long now = clock.instant().getEpochSecond();
    JsonNode exp = claims.get("exp");
    if (exp == null || !exp.isNumber() || exp.longValue() + LEEWAY_SECONDS < now) return Optional.empty();
    JsonNode nbf = claims.get("nbf");
    if (nbf != null && (!nbf.isNumber() || nbf.longValue() - LEEWAY_SECONDS > now)) return Optional.empty();
    String user = text(claims, "sub");
    if (user == null || Names.problem(user) != null) return Optional.empty();
    String tenant = claims.has("tenant") ? text(claims, "tenant") : "";
    if (tenant == null || (!tenant.isEmpty() && Names.problem(tenant) != null)) return Optional.empty();
    return Optional.of(new Caller(tenant, user));
  }

  byte[] sign(String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java has HmacSHA256", e);
    }
  }

  private static JsonNode decode(String part) {
    JsonNode node = JsonSupport.MAPPER.readTree(Base64.getUrlDecoder().decode(part));
    if (!node.isObject()) throw new IllegalArgumentException("not a JSON object");
    return node;
  }

  private static String text(JsonNode object, String field) {
    JsonNode value = object.get(field);
    return value != null && value.isString() ? value.stringValue() : null;
  }
}
