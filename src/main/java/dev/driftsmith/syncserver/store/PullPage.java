package dev.driftsmith.syncserver.store;

import java.util.List;

/** A page of changes after a position of the caller's stream, oldest first; {@code last} is the position after them. */
public record PullPage(List<Change> changes, long last, boolean hasMore) {}
