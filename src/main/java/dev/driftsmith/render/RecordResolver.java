package dev.driftsmith.render;

import com.github.jknack.handlebars.ValueResolver;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Template names resolved against the components of a record (a template's context and the records
 * it holds), and against map keys (Handlebars keeps {@code @index} and its own data in maps).
 * Nothing else: no getters, no other methods, so a template reads exactly the fields its context
 * declares, and a name that is not one of them is missing (see {@link StrictContext}).
 */
final class RecordResolver implements ValueResolver {
  static final RecordResolver INSTANCE = new RecordResolver();

  /** The accessor of each component, by name, in declaration order. */
  private static final ClassValue<Map<String, Method>> ACCESSORS = new ClassValue<>() {
    @Override
    protected Map<String, Method> computeValue(Class<?> type) {
      Map<String, Method> accessors = new LinkedHashMap<>();
      for (RecordComponent component : type.getRecordComponents()) {
        Method accessor = component.getAccessor();
        // Context records are package-private, next to their feature; their accessors are public.
        accessor.setAccessible(true);
        accessors.put(component.getName(), accessor);
      }
      return Collections.unmodifiableMap(accessors);
    }
  };

  private RecordResolver() {}

  /** Whether {@code holder} has a field {@code name}, whatever its value (null included). */
  static boolean has(Object holder, String name) {
    if (holder instanceof Record) return ACCESSORS.get(holder.getClass()).containsKey(name);
    if (holder instanceof Map<?, ?> map) return map.containsKey(name);
    return false;
  }

  /** The field names of {@code holder}, for messages. */
  static Set<String> names(Object holder) {
    if (holder instanceof Record) return ACCESSORS.get(holder.getClass()).keySet();
    if (holder instanceof Map<?, ?> map) {
      Set<String> keys = new LinkedHashSet<>();
      for (Object key : map.keySet()) keys.add(String.valueOf(key));
      return keys;
    }
    return Set.of();
  }

  @Override
  public Object resolve(Object context, String name) {
    if (context instanceof Record) {
      Method accessor = ACCESSORS.get(context.getClass()).get(name);
      return accessor == null ? UNRESOLVED : read(accessor, context);
    }
    if (context instanceof Map<?, ?> map && map.containsKey(name)) return map.get(name);
    return UNRESOLVED;
  }

  @Override
  public Object resolve(Object context) {
    return UNRESOLVED;
  }

  @Override
  public Set<Map.Entry<String, Object>> propertySet(Object context) {
    Set<Map.Entry<String, Object>> entries = new LinkedHashSet<>();
    if (context instanceof Record) {
      ACCESSORS.get(context.getClass()).forEach((name, accessor) ->
          entries.add(new AbstractMap.SimpleImmutableEntry<>(name, read(accessor, context))));
    } else if (context instanceof Map<?, ?> map) {
      map.forEach((key, value) -> entries.add(new AbstractMap.SimpleImmutableEntry<>(String.valueOf(key), value)));
    }
    return entries;
  }

  private static Object read(Method accessor, Object record) {
    try {
      return accessor.invoke(record);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) throw runtime;
      throw new IllegalStateException(accessor + " failed", e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(accessor + " is not accessible", e);
    }
  }
}
