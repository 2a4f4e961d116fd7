package dev.driftsmith.syncserver.store;

/** The database could not do what was asked right now (down, busy, a lock wait ran out); nothing was changed. */
public final class StoreUnavailableException extends Exception {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
