package dev.driftsmith.feature.performance;

import dev.driftsmith.input.Wire;

/** The container of compressed data: gzip (with a header and checksum) or bare zlib. */
public enum CompressionAlgorithm implements Wire {
  GZIP, ZLIB
}
