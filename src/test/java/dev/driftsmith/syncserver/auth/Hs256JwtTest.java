package dev.driftsmith.syncserver.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.syncserver.Caller;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Hs256JwtTest {
  static final byte[] SECRET = "a-shared-secret-of-thirty-two-bytes!!".getBytes(StandardCharsets.UTF_8);
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  final Hs256Jwt jwt = new Hs256Jwt(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

  /** A token as an auth backend signs it (the signature computed independently, with javax.crypto). */
  static String token(String header, String claims, byte[] secret) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
    return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
  }

  static final String HS256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
  static final long EXP = NOW.getEpochSecond() + 3600;

  @Test
  void aValidTokenNamesItsUserAndTenant() throws Exception {
    assertEquals(Optional.of(new Caller("", "u1")), jwt.authenticate(token(HS256, "{\"sub\":\"u1\",\"exp\":" + EXP + "}", SECRET)));
    assertEquals(Optional.of(new Caller("acme", "u1")),
        jwt.authenticate(token(HS256, "{\"sub\":\"u1\",\"tenant\":\"acme\",\"exp\":" + EXP + "}", SECRET)));
  }

  @Test
  void forgedAlteredOrOtherAlgorithmTokensAreRefused() throws Exception {
    String good = token(HS256, "{\"sub\":\"u1\",\"exp\":" + EXP + "}", SECRET);
    assertEquals(Optional.empty(), jwt.authenticate(token(HS256, "{\"sub\":\"u1\",\"exp\":" + EXP + "}", "another-secret-of-thirty-two-bytes!!!".getBytes(StandardCharsets.UTF_8))));
    String[] parts = good.split("\\.");
    String otherClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"sub\":\"admin\",\"exp\":" + EXP + "}").getBytes(StandardCharsets.UTF_8));
    assertEquals(Optional.empty(), jwt.authenticate(parts[0] + "." + otherClaims + "." + parts[2]), "claims swapped under the signature");
    String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(Optional.empty(), jwt.authenticate(none + "." + parts[1] + "."), "alg none");
    assertEquals(Optional.empty(), jwt.authenticate(token("{\"alg\":\"HS512\"}", "{\"sub\":\"u1\",\"exp\":" + EXP + "}", SECRET)));
    assertEquals(Optional.empty(), jwt.authenticate("not.a.jwt"));
    assertEquals(Optional.empty(), jwt.authenticate("garbage"));
  }

  @Test
  void timesAreChecked() throws Exception {
    long now = NOW.getEpochSecond();
    assertEquals(Optional.empty(), jwt.authenticate(token(HS256, "{\"sub\":\"u1\",\"exp\":" + (now - 61) + "}", SECRET)), "expired");
    assertTrue(jwt.authenticate(token(HS256, "{\"sub\":\"u1\",\"exp\":" + (now - 30) + "}", SECRET)).isPresent(), "within the leeway");
    assertEquals(Optional.empty(), jwt.authenticate(token(HS256, "{\"sub\":\"u1\"}", SECRET)), "no exp");
    assertEquals(Optional.empty(), jwt.authenticate(token(HS256, "{\"sub\":\"u1\",\"exp\":" + EXP + ",\"nbf\":" + (now + 120) + "}", SECRET)), "not yet");
    assertEquals(Optional.empty(), jwt.authenticate(token(HS256, "{\"exp\":" + EXP + "}", SECRET)), "no sub");
    assertEquals(Optional.empty(), jwt.authenticate(token(HS256, "{\"sub\":\"a b\",\"exp\":" + EXP + "}", SECRET)), "sub with a space");
  }

  @Test
  void shortSecretsAreRefused() {
    String message = assertThrows(IllegalArgumentException.class, () -> new Hs256Jwt("short".getBytes(StandardCharsets.UTF_8), Clock.systemUTC())).getMessage();
    assertTrue(message.contains("at least 32"), message);
  }
}
