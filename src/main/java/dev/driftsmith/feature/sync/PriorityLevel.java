package dev.driftsmith.feature.sync;

import dev.driftsmith.input.Wire;

/** A level of the sync queue; calls spell it in capitals (HIGH), the manifest in lower case (high). */
public enum PriorityLevel implements Wire {
  LOW, NORMAL, HIGH, CRITICAL
}
