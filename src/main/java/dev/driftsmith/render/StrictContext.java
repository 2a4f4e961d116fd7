package dev.driftsmith.render;

import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.PathExpression;
import com.github.jknack.handlebars.internal.path.DataPath;
import com.github.jknack.handlebars.internal.path.ParentPath;
import com.github.jknack.handlebars.internal.path.ResolveParentPath;
import com.github.jknack.handlebars.internal.path.ThisPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Handlebars context in which a name that nothing in scope declares is an error, not an empty
 * string: Handlebars.java has no strict mode, and a mistyped {@code {{#if encrpytion}}} would
 * otherwise render as false without a word. A field that exists and holds null is fine (it is
 * falsy in {@code #if}; the escaper helpers refuse to write it). Scopes are searched as Handlebars
 * searches them: the current object, the values {@code #each} adds ({@code @index}), the render's
 * data, then the enclosing scopes.
 */
final class StrictContext extends Context {
  private StrictContext(Object model) {
    super(model);
  }

  /** The root scope for rendering {@code model}, with {@code data} (helpers' per-render state) added. */
  static Context root(Record model, Map<String, Object> data) {
    // A plain root brings the bookkeeping Handlebars keeps in its data (partials, the invocation stack).
    Context plain = Context.newBuilder(model).build();
    StrictContext seed = new StrictContext(model);
    seed.data = new HashMap<>();
    for (String key : List.of(PARTIALS, INLINE_PARTIALS, INVOCATION_STACK, "root")) seed.data.put(key, plain.data(key));
    seed.data.putAll(data);
    // The builder wraps the resolver in Handlebars' composite, which tells a field that holds null
    // (found: stop looking) from a name the resolver does not know (look in the enclosing scope);
    // a child of a strict context is strict. The seed only carries the data and is cut off.
    StrictContext root = (StrictContext) Context.newBuilder(seed, model).resolver(RecordResolver.INSTANCE).build();
    root.parent = null;
    return root;
  }

  /** Scopes opened inside this one ({@code #each}, {@code #with}) are strict too. */
  @Override
  protected Context newChildContext(Object model) {
    return new StrictContext(model);
  }

  @Override
  public Object get(List<PathExpression> path) {
    Object value = super.get(path);
    if (value == null && !declared(path)) {
      throw new IllegalStateException("no field '" + path + "' in scope; " + scopes());
    }
    return value;
  }

  /** Whether {@code path} names a field that exists, as Handlebars resolves it, even if it holds null. */
  private boolean declared(List<PathExpression> path) {
    Context scope = this;
    boolean local = false;
    int i = 0;
    for (; i < path.size() && path.get(i) instanceof ParentPath; i++) {
      scope = scope.parent();
      local = true;
      if (scope == null) return false;
    }
    if (i < path.size() && (path.get(i) instanceof ThisPath || path.get(i) instanceof ResolveParentPath)) {
      i++;
      local = true;
    }
    if (i == path.size()) return true;
    String head = path.get(i).toString();
    for (Context c = scope; c != null; c = local ? null : c.parent()) {
      for (Object holder : holders(c, local)) {
        String name = fieldName(holder, head, path.get(i));
        if (name != null) return declaredBelow(RecordResolver.INSTANCE.resolve(holder, name), path.subList(i + 1, path.size()));
      }
    }
    return false;
  }

  /** The key {@code head} has in {@code holder}: a data path ({@code @index}) may be stored with or without its {@code @}. */
  private static String fieldName(Object holder, String head, PathExpression expression) {
    if (RecordResolver.has(holder, head)) return head;
    if (expression instanceof DataPath && RecordResolver.has(holder, head.substring(1))) return head.substring(1);
    return null;
  }

  /** The rest of a dotted path below a value that exists; reaching through null is not declared. */
  private static boolean declaredBelow(Object value, List<PathExpression> rest) {
    for (PathExpression segment : rest) {
      String name = segment.toString();
      if (value == null || !RecordResolver.has(value, name)) return false;
      value = RecordResolver.INSTANCE.resolve(value, name);
    }
    return true;
  }

  private static List<Object> holders(Context c, boolean local) {
    List<Object> holders = new ArrayList<>();
    holders.add(c.model());
    if (c instanceof StrictContext strict) {
      if (strict.extendedContext != null) holders.add(strict.extendedContext.model());
      if (!local && strict.data != null) holders.add(strict.data);
    }
    return holders;
  }

  /** What the scopes hold, innermost first, to say what the template could have meant. */
  private String scopes() {
    List<String> out = new ArrayList<>();
    for (Context c = this; c != null; c = c.parent()) {
      Object model = c.model();
      if (model instanceof Record) out.add(model.getClass().getSimpleName() + " has " + RecordResolver.names(model));
      else if (model != null) out.add(model.getClass().getSimpleName());
    }
    return String.join(", inside ", out);
  }
}
