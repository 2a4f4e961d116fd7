package dev.driftsmith.syncserver.store;

import dev.driftsmith.syncserver.Caller;
import java.util.List;

/**
 * Where records live. Every state the protocol needs (records, versions, tombstones, answers to
 * op ids, stream positions) is in the store, so any number of servers can share one.
 */
public interface SyncStore extends AutoCloseable {
  /** Applies a batch in order, atomically: every answer, or none when it throws. */
  List<PushResult> push(Caller caller, List<PushItem> items) throws StoreUnavailableException;

  /** The caller's records changed after position {@code after}, oldest first, at most {@code limit}. */
  PullPage pull(Caller caller, long after, int limit) throws StoreUnavailableException;

  /** Throws when the database cannot be reached. */
  void check() throws StoreUnavailableException;

  /** {@code sqlite} or {@code postgresql}, for /health and the logs. */
  String engine();

  @Override
  void close();
}
