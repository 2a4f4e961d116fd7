package dev.driftsmith.project;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;

/**
 * A typed key under {@code features:} in driftsmith.yaml. A feature stores its configuration under
 * its own key, and other features read it through the key ({@code manifest.get(SearchConfig.KEY)})
 * rather than through the owner's code, so features never depend on each other.
 */
public record FeatureKey<T>(String name, Type type) {
  public static <T> FeatureKey<T> of(String name, Class<T> type) {
    return new FeatureKey<>(name, type);
  }

  /** A key whose value is a list of {@code item} records. */
  public static <T> FeatureKey<List<T>> listOf(String name, Class<T> item) {
    return new FeatureKey<>(name, new ParameterizedType() {
      @Override
      public Type[] getActualTypeArguments() {
        return new Type[] {item};
      }

      @Override
      public Type getRawType() {
        return List.class;
      }

      @Override
      public Type getOwnerType() {
        return null;
      }
    });
  }
}
