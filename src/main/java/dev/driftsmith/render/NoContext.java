package dev.driftsmith.render;

/** The context of a template that reads no values: its output is the same for every project. */
public record NoContext() {}
