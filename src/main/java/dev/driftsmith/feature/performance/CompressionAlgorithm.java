package dev.driftsmith.feature.performance;

import dev.driftsmith.input.Wire;

/** The container of compressed data: gzip (with a header and checksum) or bare zlib. */
public enum CompressionAlgorithm implements Wire {
  GZIP("gzip"), ZLIB("zlib");

  private final String wire;

  CompressionAlgorithm(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  @Override
  public String toString() {
    return wire;
  }
}
