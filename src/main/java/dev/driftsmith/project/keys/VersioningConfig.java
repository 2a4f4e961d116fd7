package dev.driftsmith.project.keys;

/**
 * A table with optimistic versions (drift_add_versioning), one entry of {@code features.versioning}:
 * how the version counts and what a stale write does.
 */
public record VersioningConfig(String table, VersioningStrategy strategy, ConflictBehavior conflictBehavior) {}
