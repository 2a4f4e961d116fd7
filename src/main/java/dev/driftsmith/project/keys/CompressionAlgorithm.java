package dev.driftsmith.project.keys;

import dev.driftsmith.input.Wire;

/** The container of compressed data: gzip (with a header and checksum) or bare zlib. */
public enum CompressionAlgorithm implements Wire {
  GZIP, ZLIB;

  /** The wire name: templates and messages print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
