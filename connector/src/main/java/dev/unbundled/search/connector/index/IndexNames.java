package dev.unbundled.search.connector.index;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the records of each topic are written: the concrete index that {@code index.name.format}
 * names, and its write alias, both resolved here once per topic (the same topic is asked for on
 * every record). Index names leave room for the alias suffix, so both fit Elasticsearch's limit.
 */
public final class IndexNames {

  private final NameFormat format;
  private final Map<String, WriteTarget> targets = new ConcurrentHashMap<>();

  /**
   * @param format the connector's {@code index.name.format}
   * @param version its {@code index.version}
   */
  public IndexNames(String format, int version) {
    this.format = new NameFormat(format, version, WriteTarget.MAX_INDEX_BYTES);
  }

  public WriteTarget targetFor(String topic) {
    return targets.computeIfAbsent(topic, t -> WriteTarget.of(format.nameFor(t)));
  }

  /** A wildcard expression that matches the name of every index this connector can write. */
  public String pattern() {
    return format.pattern();
  }
}
