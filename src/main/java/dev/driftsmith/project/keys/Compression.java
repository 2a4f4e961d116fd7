package dev.driftsmith.project.keys;

/** Data compression (drift_configure_data_compression); sync compresses request bodies with it. */
public record Compression(boolean enabled, String algorithm, int level, int minSizeBytes) {}
