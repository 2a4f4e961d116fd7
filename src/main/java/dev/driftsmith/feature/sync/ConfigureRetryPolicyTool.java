package dev.driftsmith.feature.sync;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.util.List;

/** drift_configure_retry_policy: backoff between failed attempts, and the dead-letter limit. */
final class ConfigureRetryPolicyTool extends SyncConfigTool<RetryPolicyConfig> {
  static final About ABOUT = new About("drift_configure_retry_policy", "Configure the retry policy",
      "Backoff between failed sync attempts, and how many attempts before an operation becomes a dead letter.",
      Hints.GENERATES);
  static final Param<Backoff> STRATEGY = Param.choice("strategy", Backoff.class).required();
  static final Param<Integer> MAX_RETRIES = Param.integer("maxRetries", 1, 20).required();
  static final Param<Double> INITIAL_DELAY = Param.number("initialDelaySeconds", 0.1, 60).orDefault(1.0);
  static final Param<Integer> MAX_DELAY = Param.integer("maxDelaySeconds", 1, 600).orDefault(300)
      .check((max, field, v) -> {
        if (max < v.get(INITIAL_DELAY)) throw new ToolException(field, "must be at least initialDelaySeconds (" + v.get(INITIAL_DELAY) + ")");
      });
  static final Param<Boolean> JITTER = Param.bool("addJitter").orDefault(true).describe("±25%");

  ConfigureRetryPolicyTool() {
    super(ABOUT, RetryPolicyConfig.KEY, Params.of(STRATEGY, MAX_RETRIES, INITIAL_DELAY, MAX_DELAY, JITTER));
  }

  @Override
  protected RetryPolicyConfig config(Values v, List<String> notes) {
    return new RetryPolicyConfig(v.get(STRATEGY), v.get(MAX_RETRIES), v.get(INITIAL_DELAY), v.get(MAX_DELAY), v.get(JITTER));
  }
}
