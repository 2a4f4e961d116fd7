package dev.driftsmith.tool;

import dev.driftsmith.input.Wire;

/** A number given as itself, or by one of the names that stand for numbers ({@code name} is then set). */
public record NumberOrName<E extends Enum<E> & Wire>(int number, E name) {
  public static <E extends Enum<E> & Wire> NumberOrName<E> of(int number) {
    return new NumberOrName<>(number, null);
  }

  public boolean byName() {
    return name != null;
  }
}
