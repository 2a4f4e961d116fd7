package dev.driftsmith.syncserver.store;

import tools.jackson.databind.node.ObjectNode;

/**
 * One well-formed pushed change. {@code data} is the whole record for an insert, the changed
 * columns for an update, null for a delete; {@code baseVersion} is the server version the device
 * made the change on (null when it knows none).
 */
public record Operation(String opId, String entity, String recordId, OpKind op, ObjectNode data, Long baseVersion) {}
