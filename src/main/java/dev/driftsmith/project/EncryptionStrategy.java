package dev.driftsmith.project;

import dev.driftsmith.input.Wire;

/** Where the database key comes from (drift_enable_encryption). */
public enum EncryptionStrategy implements Wire.Dashed {
  /** Argon2id from the user's passphrase. */
  DERIVED,
  /** A random key kept in the platform keystore. */
  STORED,
  /** The app passes the key itself. */
  USER_PROVIDED;

  /** The wire name: the templates print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
