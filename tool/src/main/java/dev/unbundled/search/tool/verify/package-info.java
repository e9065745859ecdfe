/**
 * {@code verify}: a connector's topics replayed the way its tasks would read them (converters,
 * transforms, the sink's id, version and delete rules), compared with what its indexes hold.
 */
package dev.unbundled.search.tool.verify;
