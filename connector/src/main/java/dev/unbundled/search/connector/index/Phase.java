package dev.unbundled.search.connector.index;

/** Where a connector's index stands in its life. */
public enum Phase {
  /** Behind the end of its topic: being built, with build-phase settings. */
  BUILDING,
  /** Has reached the end of its topic; settings restored; no alias decision yet. */
  CAUGHT_UP,
  /** Holds the read alias: what applications query. */
  LIVE,
  /** Caught up and kept current, while the read alias points elsewhere. */
  STANDBY
}
