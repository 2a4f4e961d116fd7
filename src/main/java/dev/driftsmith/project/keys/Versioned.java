package dev.driftsmith.project.keys;

/** A table with optimistic versions (drift_add_versioning): how the version counts and what a stale write does. */
public record Versioned(String table, String strategy, String conflictBehavior) {}
