package dev.driftsmith.syncserver.auth;

import dev.driftsmith.syncserver.Caller;
import java.util.List;
import java.util.Optional;

/** Turns the bearer token of a request into the caller it stands for. */
public interface Authenticator {
  /** Empty when the token is unknown, malformed, expired or forged. */
  Optional<Caller> authenticate(String bearerToken);

  /** The first authenticator that knows the token decides. */
  static Authenticator anyOf(List<Authenticator> all) {
    return token -> {
      for (Authenticator a : all) {
        Optional<Caller> caller = a.authenticate(token);
        if (caller.isPresent()) return caller;
      }
      return Optional.empty();
    };
  }
}
