package dev.driftsmith.syncserver.store;

import java.util.Locale;

/** The two databases the store runs on, with one schema. */
public enum Engine {
  /** One file, no set-up: the default, for development and single-server installs. */
  SQLITE,
  /** For production and for several servers sharing one database. */
  POSTGRESQL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
