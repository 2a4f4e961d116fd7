package dev.driftsmith.project;

/**
 * A relation between two tables. For oneToOne/oneToMany the foreign key lives on
 * {@code toTable.toColumn} and points at {@code fromTable.fromColumn}; for manyToMany a junction
 * table ({@code throughTable}) holds one foreign key to each side.
 */
public record Relation(String name, RelationType type, String fromTable, String fromColumn,
                       String toTable, String toColumn, String throughTable) {}
