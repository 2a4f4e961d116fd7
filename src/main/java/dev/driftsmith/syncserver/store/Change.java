package dev.driftsmith.syncserver.store;

import tools.jackson.databind.node.ObjectNode;

/** One record as a pull returns it: its latest state (data null for a tombstone), at position {@code seq}. */
public record Change(String entity, String recordId, boolean deleted, ObjectNode data, long version, long seq) {}
