package dev.driftsmith.project;

import dev.driftsmith.input.Wire;

/** Where the database key comes from (drift_enable_encryption). */
public enum EncryptionStrategy implements Wire {
  /** Argon2id from the user's passphrase. */
  DERIVED("derived"),
  /** A random key kept in the platform keystore. */
  STORED("stored"),
  /** The app passes the key itself. */
  USER_PROVIDED("user-provided");

  private final String wire;

  EncryptionStrategy(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  @Override
  public String toString() {
    return wire;
  }
}
