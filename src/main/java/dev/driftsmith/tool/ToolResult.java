package dev.driftsmith.tool;

/** What a tool returns: a short text for people, and the structured data for clients. */
public record ToolResult(String summary, Object structured) {}
