package dev.driftsmith.feature.performance;

import dev.driftsmith.project.keys.CompressionAlgorithm;
import dev.driftsmith.project.keys.DataCompressionConfig;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.NumberOrName;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.util.List;

/** drift_configure_data_compression: gzip/zlib for blobs and sync bodies above a threshold. */
final class ConfigureDataCompressionTool extends PerformanceTool<DataCompressionConfig> {
  static final About ABOUT = new About("drift_configure_data_compression", "Configure data compression",
      "gzip/zlib compression (pure Dart, web too) of blobs and sync bodies above a size.",
      Hints.GENERATES);
  static final Param<Boolean> ENABLED = Param.bool("enabled").required();
  static final Param<CompressionAlgorithm> ALGORITHM = Param.choice("algorithm", CompressionAlgorithm.class)
      .orDefault(CompressionAlgorithm.GZIP);
  static final Param<NumberOrName<CompressionLevel>> LEVEL = Param.numberOrName("level", CompressionLevel.MIN,
          CompressionLevel.MAX, CompressionLevel.class, l -> l.zlibLevel, "level")
      .orDefault(NumberOrName.of(CompressionLevel.DEFAULT))
      .describe("zlib level, or a name (" + CompressionLevel.mapping() + "; none stores data as it is)");
  static final Param<Integer> MIN_SIZE = Param.integer("minSizeBytes", 0, 10 * 1024 * 1024).orDefault(1024);

  ConfigureDataCompressionTool() {
    super(ABOUT, FeatureKeys.DATA_COMPRESSION, Params.of(ENABLED, ALGORITHM, LEVEL, MIN_SIZE));
  }

  @Override
  protected DataCompressionConfig config(Values v, List<String> notes) {
    NumberOrName<CompressionLevel> level = v.get(LEVEL);
    if (level.byName()) {
      notes.add("Compression level '" + level.name().label() + "' is zlib level " + level.number()
          + (level.name() == CompressionLevel.NONE ? ": nothing is compressed, and data compressed earlier stays readable." : "."));
    }
    return new DataCompressionConfig(v.get(ENABLED), v.get(ALGORITHM), level.number(), v.get(MIN_SIZE));
  }
}
