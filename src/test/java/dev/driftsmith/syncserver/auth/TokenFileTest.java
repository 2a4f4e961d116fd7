package dev.driftsmith.syncserver.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.syncserver.Caller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
  @TempDir
  Path dir;

  Path file(String text) throws Exception {
    return Files.writeString(dir.resolve("tokens.txt"), text);
  }

  @Test
  void eachTokenStandsForItsUser() throws Exception {
    TokenFile tokens = TokenFile.read(file("# users\nalice 0123456789abcdef-alice\n\n  bob   0123456789abcdef-bob acme  \n"));
    assertEquals(Optional.of(new Caller("", "alice")), tokens.authenticate("0123456789abcdef-alice"));
    assertEquals(Optional.of(new Caller("acme", "bob")), tokens.authenticate("0123456789abcdef-bob"));
    assertEquals(Optional.empty(), tokens.authenticate("0123456789abcdef-carol"));
    assertEquals(Optional.empty(), tokens.authenticate("alice"), "a user name is no token");
  }

  @Test
  void badLinesAreRefusedWithTheirLineNumber() throws Exception {
    assertRefused("alice\n", ":1: write USER TOKEN [TENANT]");
    assertRefused("# c\nalice short\n", ":2: the token of alice has 5 characters; use at least 16");
    assertRefused("alice 0123456789abcdef\nbob 0123456789abcdef\n", ":2: this token is already given");
    assertRefused("# nothing\n", "has no tokens");
  }

  @Test
  void aDevelopmentFileHasOneRandomTokenOnlyItsOwnerReads() throws Exception {
    Path path = dir.resolve("dev.tokens");
    String token = TokenFile.createForDevelopment(path);
    assertEquals(64, token.length());
    assertEquals(Optional.of(new Caller("", "dev")), TokenFile.read(path).authenticate(token));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
  }

  void assertRefused(String text, String expected) throws Exception {
    Path path = file(text);
    String message = assertThrows(IllegalArgumentException.class, () -> TokenFile.read(path)).getMessage();
    assertTrue(message.contains(expected), message);
  }
}
