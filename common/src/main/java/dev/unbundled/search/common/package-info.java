/**
 * Rules that the transforms and the connector (and so the status tool) must apply the same way,
 * defined once here because the transforms cannot see the connector: how a dotted field path is
 * read, and how document ids are built and limited.
 */
package dev.unbundled.search.common;
