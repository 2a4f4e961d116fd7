package dev.driftsmith.project.keys;

/**
 * Data compression (drift_configure_data_compression), stored under {@code features.dataCompression};
 * sync compresses request bodies with it, so it lives with the shared keys. {@code level} is a zlib
 * level (0–9).
 */
public record DataCompressionConfig(boolean enabled, CompressionAlgorithm algorithm, int level, int minSizeBytes) {}
