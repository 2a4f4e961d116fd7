package dev.driftsmith.project;

import dev.driftsmith.input.Wire;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.deser.DeserializationProblemHandler;

/**
 * A value of a {@link Wire} enum field that is none of its wire names ({@code type: datetime}),
 * recorded as a problem of its field while binding goes on with null, so a hand edit that misspells
 * twelve column types hears about all twelve at once, as it did when the records held strings. It
 * records only for a read that asked for it ({@link #collecting}); other reads fail as Jackson fails.
 */
final class WireValueProblems extends DeserializationProblemHandler {
  static final WireValueProblems INSTANCE = new WireValueProblems();

  /** The attribute of a read whose bad enum values go into the list it holds. */
  static final Object COLLECTED = WireValueProblems.class;

  private WireValueProblems() {}

  @Override
  public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value, String failureMsg) {
    return record(ctxt, targetType, value, ctxt.getParser());
  }

  @Override
  public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value, String failureMsg) {
    return record(ctxt, targetType, value, ctxt.getParser());
  }

  /** A boolean or a fractional number where a name stands is as wrong as a misspelt name. */
  @Override
  public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken token, JsonParser p,
                                      String failureMsg) {
    if (!token.isScalarValue()) return NOT_HANDLED;
    return record(ctxt, targetType.getRawClass(), p.getString(), p);
  }

  @SuppressWarnings("unchecked")
  private static Object record(DeserializationContext ctxt, Class<?> type, Object value, JsonParser p) {
    if (!(ctxt.getAttribute(COLLECTED) instanceof List<?> problems) || !type.isEnum() || !Wire.class.isAssignableFrom(type)) {
      return NOT_HANDLED;
    }
    ((List<ManifestProblem>) problems).add(new ManifestProblem(path(p.streamReadContext()), ManifestErrors.notAccepted(type, value)));
    return null;
  }

  /** The field path in the tools' form ({@code schema.tables[2].columns[0].type}) of the value being read. */
  private static String path(TokenStreamContext context) {
    Deque<String> parts = new ArrayDeque<>();
    for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject()) parts.push((c.getParent() == null || c.getParent().inRoot() ? "" : ".") + c.currentName());
      else if (c.inArray()) parts.push("[" + c.getCurrentIndex() + "]");
    }
    return String.join("", parts);
  }
}
