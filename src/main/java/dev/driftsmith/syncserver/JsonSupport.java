package dev.driftsmith.syncserver;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the sync server, its storage and the conformance kit. */
public final class JsonSupport {
  private JsonSupport() {}

  /**
   * Duplicate keys are refused ({@code {"opId":"a","opId":"b"}} has no single meaning). Decimals are
   * read as BigDecimal so record values are stored with every digit the client sent, not rounded to
   * a double.
   */
  public static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();
}
