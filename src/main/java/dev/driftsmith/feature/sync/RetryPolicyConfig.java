package dev.driftsmith.feature.sync;

import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;

/**
 * drift_configure_retry_policy's settings, under {@code features.retryPolicy}: the delays between
 * failed attempts, and how many attempts before an operation becomes a dead letter.
 */
public record RetryPolicyConfig(Backoff strategy, int maxRetries, double initialDelaySeconds, int maxDelaySeconds,
                                boolean addJitter) {
  public static final FeatureKey<RetryPolicyConfig> KEY = FeatureKey.of("retryPolicy", RetryPolicyConfig.class);

  /** Without a configured retry policy, the background sync's maxRetries is the dead-letter limit. */
  public static RetryPolicyConfig of(Manifest m) {
    return m.get(KEY).orElse(new RetryPolicyConfig(Backoff.EXPONENTIAL_BACKOFF, BackgroundSyncConfig.of(m).maxRetries(), 1.0, 300, true));
  }
}
