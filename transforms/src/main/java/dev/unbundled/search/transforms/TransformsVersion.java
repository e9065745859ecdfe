package dev.unbundled.search.transforms;

/** The version of the transforms: the version of the jar they were built into. */
final class TransformsVersion {

  private TransformsVersion() {}

  static String get() {
    String version = TransformsVersion.class.getPackage().getImplementationVersion();
    return version == null ? "unknown" : version;
  }
}
