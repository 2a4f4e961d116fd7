package dev.driftsmith.project;

import dev.driftsmith.input.Wire;

/** The web app manifest's display mode: how much browser chrome the installed PWA shows. */
public enum PwaDisplay implements Wire {
  FULLSCREEN("fullscreen"), STANDALONE("standalone"), MINIMAL_UI("minimal-ui"), BROWSER("browser");

  private final String wire;

  PwaDisplay(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  @Override
  public String toString() {
    return wire;
  }
}
