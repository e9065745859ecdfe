package dev.unbundled.search.connector.index;

/**
 * The hidden alias through which the connector writes to one of its indexes, so that a deleted
 * index can never come back by itself.
 *
 * <p>Elasticsearch creates a missing index on the first write to it, with a mapping guessed from
 * that document. Bulk requests sent with {@code require_alias=true} refuse instead of creating when
 * their target is not an alias, and deleting an index deletes its aliases. Deletes ignore {@code
 * require_alias}, so the name also carries upper-case letters: a valid alias name, but never a
 * valid index name, so not even an external-versioned delete can create an index by that name.
 */
public final class WriteAlias {

  private static final String SUFFIX = ".Writer";

  private WriteAlias() {}

  /** The write alias of {@code index}. */
  public static String of(String index) {
    return index + SUFFIX;
  }

  /** Whether {@code alias} is a write alias, which tools listing aliases should leave out. */
  public static boolean isWriteAlias(String alias) {
    return alias.endsWith(SUFFIX);
  }
}
