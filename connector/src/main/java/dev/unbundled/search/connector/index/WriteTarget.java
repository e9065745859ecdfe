package dev.unbundled.search.connector.index;

import java.nio.charset.StandardCharsets;

/**
 * A concrete index the connector writes to, and the hidden alias through which it writes, so that a
 * deleted index can never come back by itself.
 *
 * <p>Elasticsearch creates a missing index on the first write to it, with a mapping guessed from
 * that document. Bulk requests sent with {@code require_alias=true} refuse instead of creating when
 * their target is not an alias, and deleting an index deletes its aliases. Deletes ignore {@code
 * require_alias}, so the alias name also carries upper-case letters: a valid alias name, but never
 * a valid index name, so not even an external-versioned delete can create an index by that name.
 *
 * @param index the concrete index, at most {@link #MAX_INDEX_BYTES} long
 * @param alias its write alias: the index name and {@code .Writer}, within Elasticsearch's 255
 *     bytes
 * @param bucket the time bucket the index holds, or null when index names carry none
 */
public record WriteTarget(String index, String alias, TimeBucket bucket) {

  public WriteTarget(String index, String alias) {
    this(index, alias, null);
  }

  private static final String SUFFIX = ".Writer";

  /** The longest index name whose write alias still fits Elasticsearch's limit on names. */
  public static final int MAX_INDEX_BYTES = NameFormat.MAX_NAME_BYTES - SUFFIX.length();

  /**
   * The write target of {@code index}.
   *
   * @throws IllegalArgumentException when the index name leaves no room for its write alias
   */
  public static WriteTarget of(String index) {
    return of(index, null);
  }

  /** The write target of {@code index}, which holds the records of {@code bucket}. */
  public static WriteTarget of(String index, TimeBucket bucket) {
    int bytes = index.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_INDEX_BYTES) {
      throw new IllegalArgumentException(
          "Index name '"
              + index
              + "' is "
              + bytes
              + " bytes long; the connector's indexes are at most "
              + MAX_INDEX_BYTES
              + ", so that their write aliases fit the search engine's limit of "
              + NameFormat.MAX_NAME_BYTES);
    }
    return new WriteTarget(index, index + SUFFIX, bucket);
  }

  /** Whether {@code alias} is the write alias of {@code index}, which tools leave out of lists. */
  public static boolean isWriteAliasOf(String alias, String index) {
    return alias.equals(index + SUFFIX);
  }
}
