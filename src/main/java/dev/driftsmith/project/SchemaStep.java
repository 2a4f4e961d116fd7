package dev.driftsmith.project;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Objects;

/**
 * The DDL that takes a database from {@code version - 1} to {@code version}, kept as the literal SQL
 * of that moment. Old steps never change when today's tables do, which is what makes upgrades from
 * any installed version safe: a step written against today's Dart getters breaks once a column is
 * removed, and a table rebuilt in an old step gets today's columns. {@code down} is empty when not reversible.
 *
 * <p>{@code leadsTo} is the schema the step leads to, as the call that recorded it proved it
 * (a digest of SQLite's description of the upgraded database, with the format of that
 * description), or null for a step recorded without one: by an older Driftsmith, or by hand.
 */
public record SchemaStep(int version, String description, List<String> up,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> down, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean custom,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String leadsTo) {
  public SchemaStep {
    up = up == null ? List.of() : List.copyOf(up);
    down = down == null ? List.of() : List.copyOf(down);
  }

  /** A step without a record of the schema it leads to. */
  public SchemaStep(int version, String description, List<String> up, List<String> down, boolean custom) {
    this(version, description, up, down, custom, null);
  }

  /** This step with {@code leadsTo} as the record of the schema it leads to. */
  public SchemaStep leadingTo(String leadsTo) {
    return new SchemaStep(version, description, up, down, custom, leadsTo);
  }

  /**
   * From the version, the description and the number of statements, not their text: manifests are
   * remembered by value (their hash) and every call looks several up, each a walk of the whole
   * history's SQL otherwise. Two steps that are equal still hash alike; steps of one version that
   * differ only in their SQL are told apart by {@link #equals}.
   */
  @Override
  public int hashCode() {
    return Objects.hash(version, description, up.size(), down.size(), custom);
  }
}
