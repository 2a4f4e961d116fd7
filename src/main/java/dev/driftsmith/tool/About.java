package dev.driftsmith.tool;

/**
 * What a client shows of a tool before calling it: its name (the contract), a title for people
 * ("Add a table"), what it does, and how it touches the project.
 */
public record About(String name, String title, String description, Hints hints) {}
