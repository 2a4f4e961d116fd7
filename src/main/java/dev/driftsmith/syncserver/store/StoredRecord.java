package dev.driftsmith.syncserver.store;

import tools.jackson.databind.node.ObjectNode;

/** A record as the store holds it: its owner, version and data (null once deleted: a tombstone). */
public record StoredRecord(String owner, long version, boolean deleted, ObjectNode data) {}
