package dev.driftsmith.syncserver.store;

/**
 * One entry of a push batch, as the wire layer read it: a well-formed operation, or one with a
 * readable op id but something wrong with the rest, which is answered {@code rejected} on its own so
 * the other operations of the batch still go through.
 */
public sealed interface PushItem {
  String opId();

  record Valid(Operation operation) implements PushItem {
    @Override
    public String opId() {
      return operation.opId();
    }
  }

  record Malformed(String opId, String reason) implements PushItem {}
}
