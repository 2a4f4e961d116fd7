package dev.driftsmith.project;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The DDL that takes a database from {@code version - 1} to {@code version}, kept as the literal SQL
 * of that moment. Old steps never change when today's tables do, which is what makes upgrades from
 * any installed version safe: a step written against today's Dart getters breaks once a column is
 * removed, and a table rebuilt in an old step gets today's columns. {@code down} is empty when not reversible.
 */
public record SchemaStep(int version, String description, List<String> up,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> down, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean custom) {
  public SchemaStep {
    up = up == null ? List.of() : List.copyOf(up);
    down = down == null ? List.of() : List.copyOf(down);
  }
}
