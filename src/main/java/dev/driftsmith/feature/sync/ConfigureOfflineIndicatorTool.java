package dev.driftsmith.feature.sync;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** drift_configure_offline_indicator: a widget that shows offline, syncing and waiting changes. */
final class ConfigureOfflineIndicatorTool extends SyncConfigTool<OfflineIndicatorConfig> {
  static final About ABOUT = new About("drift_configure_offline_indicator", "Configure the offline indicator",
      "A widget that shows offline, syncing and how many changes wait.",
      Hints.GENERATES);
  static final Param<Boolean> SHOW_BANNER = Param.bool("showBanner").required()
      .describe("While offline or changes wait");
  static final Param<Boolean> SHOW_PROGRESS = Param.bool("showSyncProgress").orDefault(true);
  static final Param<BannerPosition> POSITION = Param.choice("bannerPosition", BannerPosition.class).orDefault(BannerPosition.TOP);
  static final Param<String> OFFLINE = message("offline");
  static final Param<String> SYNCING = message("syncing");
  static final Param<String> PENDING = message("pending").describe("{count}: the number waiting");
  static final Param<Map<String, String>> MESSAGES = Param.object("customMessages", Params.of(OFFLINE, SYNCING, PENDING), v -> {
    Map<String, String> texts = new TreeMap<>();
    for (Param<String> p : List.of(OFFLINE, SYNCING, PENDING)) v.optional(p).ifPresent(text -> texts.put(p.name(), text));
    return texts;
  });

  ConfigureOfflineIndicatorTool() {
    super(ABOUT, OfflineIndicatorConfig.KEY, Params.of(SHOW_BANNER, SHOW_PROGRESS, POSITION, MESSAGES));
  }

  private static Param<String> message(String name) {
    return Param.string(name).check((text, field, v) -> {
      if (text.isBlank()) throw new ToolException(field, "must not be empty; leave it out for the default text");
    });
  }

  @Override
  protected OfflineIndicatorConfig config(Values v, List<String> notes) {
    return new OfflineIndicatorConfig(v.get(SHOW_BANNER), v.get(SHOW_PROGRESS), v.get(POSITION), v.optional(MESSAGES).orElse(Map.of()));
  }
}
