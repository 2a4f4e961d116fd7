package dev.driftsmith.project;

import dev.driftsmith.input.Wire;

/** The web app manifest's display mode: how much browser chrome the installed PWA shows. */
public enum PwaDisplay implements Wire.Dashed {
  FULLSCREEN, STANDALONE, MINIMAL_UI, BROWSER;

  /** The wire name: the templates print this value. */
  @Override
  public String toString() {
    return wire();
  }
}
